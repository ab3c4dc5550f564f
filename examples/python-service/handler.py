import six
from markupsafe import escape


def hello(event, context):
    return {"statusCode": 200, "body": str(escape(six.text_type(event.get("name", "<world>"))))}
