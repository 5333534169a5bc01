namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>AWS's NotFoundException texts for REST API resources (recorded against AWS).</summary>
internal static class RestErrors
{
    public static AwsException ResourceNotFound() => AwsException.NotFound("Invalid Resource identifier specified");

    public static AwsException MethodNotFound() => AwsException.NotFound("Invalid Method identifier specified");

    public static AwsException IntegrationNotFound() => AwsException.NotFound("Invalid Integration identifier specified");

    public static AwsException ResponseNotFound() => AwsException.NotFound("Invalid Response status code specified");

    public static AwsException ValidatorNotFound() => AwsException.NotFound("Invalid Request Validator identifier specified");

    public static AwsException ModelNotFound(string name) => AwsException.NotFound($"Invalid model name specified: {name}");

    public static AwsException AuthorizerNotFound() => AwsException.NotFound("Invalid Authorizer identifier specified");

    public static AwsException StageNotFound() => AwsException.NotFound("Invalid Stage identifier specified");

    public static AwsException DeploymentNotFound() => AwsException.NotFound("Invalid Deployment identifier specified");
}
