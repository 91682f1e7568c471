namespace McpModule.Model
{
    /// What went wrong in a model; stable, so scripts and ErrorIds can rely on it.
    public enum ModelErrorKind
    {
        YamlSyntax,
        InvalidFile,
        InventoryNotFound,
        DuplicateName,
        NodeNotFound,
        ClassNotFound,
        InvalidClassName,
        ClassNameUnresolvable,
        ClassCycle,
        ReferenceSyntax,
        MissingReference,
        ReferenceLoop,
        TypeMerge,
        ChangedConstant,
        QuerySyntax,
        QueryFailed,
        InvalidSettings,
        /// A bound of ModelLimits passed: nesting, aliases, file size, folders (docs/bounds.md).
        LimitExceeded,
        /// A folder under nodes/ or classes/ that cannot be listed; the rest of the model still renders.
        UnreadableFolder,
    }
}
