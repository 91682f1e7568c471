namespace McpModule.Model
{
    /// The bounds on what a model may hold, in one place. Each is far above what real MCP
    /// models need and low enough that a broken or hostile model ends in a clear error
    /// (ModelErrorKind.LimitExceeded, naming the file and the bound) instead of a crash of
    /// pwsh, a hang, or all the machine's memory. docs/bounds.md lists them with the
    /// module's other bounds.
    internal static class ModelLimits
    {
        /// Bytes in one model file (node, class, reclass-config.yml) or cookiecutter context.
        /// Files of real MCP models are well under 1 MiB (the contexts here are 12 KiB, the
        /// example model's largest class 1 KiB). A file of 8 MiB takes 4 s and 400 MB to
        /// render as 350,000 parameters, 27 s and 750 MB as one list of four million numbers.
        public const int MaxFileBytes = 8 * 1024 * 1024;

        /// Levels of nesting (mappings and lists inside each other) in a YAML file, and in a
        /// rendered parameter value once references are resolved. Real models nest about 12
        /// levels; reclass itself fails at about 325 (Python's recursion limit), so nothing
        /// reclass renders is refused. Reading, merging and rendering recurse once per level:
        /// without a bound, 20,000 nested '[' overflow the stack and end pwsh.
        public const int MaxNestingDepth = 400;

        /// References resolved one inside another: p0: ${p1}, p1: ${p2} ... Each link is a level
        /// of recursion; reclass (Python) fails at about 480, so nothing reclass renders is
        /// refused, and 20,000 links would otherwise overflow the stack and end pwsh.
        public const int MaxReferenceDepth = 512;

        /// References nested inside one another in one string: ${a:${b:${c}}}. Real models nest
        /// two; reclass (pyparsing) fails at about 85; the work grows with the cube of the
        /// nesting (500 levels take seconds, 2,000 minutes).
        public const int MaxReferenceNesting = 100;

        /// Classes one inside another (a class that lists a class that lists a class ...).
        /// MCP nests about 10; reclass fails at about 950 (Python's recursion limit), so
        /// nothing reclass renders is refused. Each level is a level of recursion, and
        /// merging grows with the square of the chain: 20,000 would run for minutes, then
        /// overflow the stack.
        public const int MaxClassDepth = 1000;

        /// YAML aliases (*name) in one file. Real models use a handful, if any.
        public const int MaxAliases = 10_000;

        /// Values the aliases of one file stand for, all expanded: an alias of a list of a
        /// thousand values counts a thousand. Merging copies what an alias names, so ten
        /// lines of aliases of aliases (the "billion laughs") would otherwise become 10^9
        /// values and tens of gigabytes.
        public const int MaxAliasExpansion = 1_000_000;

        /// Folder levels below nodes/ or classes/. Class names nest about 6 folders deep;
        /// deeper than this is a symbolic link that leads back to a folder above it (reclass
        /// follows links, and would walk such a loop forever).
        public const int MaxFolderDepth = 64;

        /// Files and folders walked under nodes/ or classes/ (each counted). Mirantis'
        /// reclass-system has about 3,000 files; this stops links that lead into a huge tree
        /// (or into each other without a loop) from walking for ever.
        public const int MaxFolderEntries = 100_000;
    }
}
