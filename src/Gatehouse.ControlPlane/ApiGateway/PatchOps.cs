namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>The operations of a patch, as flags: the set a path accepts.</summary>
[Flags]
public enum PatchOps
{
    None = 0,
    Add = 1,
    Remove = 2,
    Replace = 4,
    Move = 8,
    Copy = 16,
    Test = 32,
    AddRemoveReplace = Add | Remove | Replace,
}

internal static class PatchOpNames
{
    /// <summary>In the order AWS's validation message lists them.</summary>
    public const string EnumText = "[add, remove, move, test, replace, copy]";

    public static PatchOps Parse(string? op) => op switch
    {
        "add" => PatchOps.Add,
        "remove" => PatchOps.Remove,
        "replace" => PatchOps.Replace,
        "move" => PatchOps.Move,
        "copy" => PatchOps.Copy,
        "test" => PatchOps.Test,
        _ => PatchOps.None,
    };

    public static IEnumerable<string> Names(PatchOps ops)
    {
        foreach (var (flag, name) in new[] { (PatchOps.Add, "add"), (PatchOps.Remove, "remove"), (PatchOps.Replace, "replace"), (PatchOps.Move, "move"), (PatchOps.Copy, "copy"), (PatchOps.Test, "test") })
        {
            if ((ops & flag) != 0)
            {
                yield return name;
            }
        }
    }
}
