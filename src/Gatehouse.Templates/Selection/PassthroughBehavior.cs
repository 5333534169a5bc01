namespace Gatehouse.Templates;

/// <summary>An integration's <c>passthroughBehavior</c>: what happens to a request body no template matches.</summary>
public enum PassthroughBehavior
{
    /// <summary><c>WHEN_NO_MATCH</c> (the default): pass an unmatched body through untouched.</summary>
    WhenNoMatch,

    /// <summary><c>WHEN_NO_TEMPLATES</c>: pass through only when the integration has no templates at all; else 415.</summary>
    WhenNoTemplates,

    /// <summary><c>NEVER</c>: never pass through; a body no template matches is answered 415.</summary>
    Never,
}
