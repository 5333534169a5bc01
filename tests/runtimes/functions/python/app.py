"""Python fixtures for the runtime client tests; each function is one scenario (_HANDLER=app.<name>)."""
import decimal
import logging
import os
import time

print("loading app.py")
logger = logging.getLogger()


def echo(event, context):
    return {
        "event": event,
        "context": {
            "aws_request_id": context.aws_request_id,
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
            "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
            "client_context": None if context.client_context is None else {
                "custom": context.client_context.custom,
                "env": context.client_context.env,
                "installation_id": context.client_context.client.installation_id,
            },
        },
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
    }


def raises(event, context):
    actions = {}
    return actions[event["action"]]


class CustomError(Exception):
    pass


def raises_custom(event, context):
    raise CustomError("custom failure")


def returns_none(event, context):
    pass


def returns_bytes(event, context):
    return b"\x00\x01raw\xff"


def unserializable(event, context):
    return {"a": {1, 2}}


def decimals(event, context):
    return {"int": decimal.Decimal("10"), "frac": decimal.Decimal("1.5")}


def unicode(event, context):
    return {"s": "h\u00e9llo \u2713 \U0001F600"}


def big(event, context):
    return "x" * event["size"]


def logs(event, context):
    logger.info("info is below the root logger's WARNING level")
    logger.warning("warned %s", "here")
    logging.getLogger("child").error("child error")
    print("printed as is")
    if event.get("set_level"):
        logger.setLevel(logging.INFO)
        logger.info("info after setLevel")
        logger.setLevel(logging.WARNING)
    return context.aws_request_id


def sleeps(event, context):
    time.sleep(event["seconds"])
    return "slept"


def raw(event, context):
    return event


not_callable = 42
