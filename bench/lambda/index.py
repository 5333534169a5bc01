# The tutorial's hello handler (examples/hello/index.js) in Python, for the Lambda benchmark's memory figure of a
# warm python3.11 worker: the same greeting, time and request id, in the same response shape.
import json
from datetime import datetime, timezone


def handler(event, context):
    name = (event.get("pathParameters") or {}).get("name", "World")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
        "body": json.dumps({
            "message": f"Hello, {name}!",
            "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "requestId": (event.get("requestContext") or {}).get("requestId"),
        }),
    }
