namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>Where an <c>integration.request.{location}.{name}</c> mapping puts its value.</summary>
public enum RequestParameterLocation
{
    Header,
    QueryString,
    Path,
}
