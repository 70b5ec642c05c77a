"""Messages of Django REST framework that our API can answer with and DRF's Vietnamese catalogue lacks, named
here so that makemessages keeps them in locale/vi and an API answer in Vietnamese (the default language, or
``Accept-Language: vi``) carries no English (the project's catalogue comes first: LOCALE_PATHS), as
province/admin_translations.py does for the Django admin.

The msgids are DRF's own, character for character (rest_framework/exceptions.py, fields.py, relations.py,
serializers.py, validators.py, pagination.py): a DRF upgrade that rewords one makes it English again, which
tests/test_api_messages.py notices. Only what the API can answer is here: the fields our serializers use (text,
integers, choices, dates, lists, files, ids, e-mail), session authentication, page-number paging.

django-filter adds no message of its own to an answer: a refused filter carries the message of the Django form
field behind it ("Nhập một số.", "Hãy chọn một lựa chọn hợp lệ…"), which Django's Vietnamese catalogue has;
boolean filters use apps.core.serializers' message."""

from django.utils.translation import gettext_noop

API_MESSAGES = [
    # rest_framework/exceptions.py: the answers' detail
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    # rest_framework/fields.py
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("Not a valid string."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("String value too large."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
    gettext_noop("No filename could be determined."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Ensure this filename has at most {max_length} characters (it has {length})."),
    gettext_noop("This list may not be empty."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    # rest_framework/relations.py, serializers.py, validators.py, pagination.py
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("This field must be unique."),
    gettext_noop("The fields {field_names} must make a unique set."),
    gettext_noop("Invalid page."),
]
