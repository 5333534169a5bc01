def handler(event, context):
    return "sub/dir/handler_file"
