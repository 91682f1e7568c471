using System;

namespace McpModule.States.Formulas
{
    /// A formula problem found before anything is sent to a node: names the file and line.
    public sealed class FormulaException : Exception
    {
        public FormulaException(string errorId, string message, string file = null, int line = 0, int column = 0, Exception inner = null)
            : base(Where(file, line, column) + message, inner)
        {
            ErrorId = errorId; File = file; Line = line; Column = column;
        }

        /// Stable: Mcp.State.FormulaNotFound, .TemplateError, .YamlSyntax, .InvalidDeclaration,
        /// .UnknownResourceType, .MissingArgument, .UnknownArgument, .DuplicateId,
        /// .RequisiteNotFound, .RequisiteCycle, .SourceNotFound, .ValueChangesShape (a pillar value
        /// would add structure the template did not write), .InvalidPath, .InvalidStateName,
        /// .SourceOutsideModel.
        public string ErrorId { get; }
        public string File { get; }
        public int Line { get; }
        public int Column { get; }

        private static string Where(string file, int line, int column) =>
            file == null ? "" : line > 0 ? $"{file}:{line}:{column}: " : $"{file}: ";
    }
}
