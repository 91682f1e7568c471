using System.IO;
using McpModule.Model.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpModule.States.Formulas
{
    /// A rendered state file's YAML as nodes, held to the model files' bounds: YamlStream, and
    /// everything here that walks its nodes (TemplateShape, the planner), recurse once per level.
    internal static class FormulaYaml
    {
        /// The first document's root node, or null for none. Throws YamlException for bad
        /// syntax and YamlLimitException past a bound.
        public static YamlNode Parse(string text)
        {
            var stream = new YamlStream();
            stream.Load(new BoundedYamlParser(new Parser(new StringReader(text))));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }

        public static FormulaException LimitExceeded(YamlLimitException e, string file) =>
            new FormulaException("Mcp.State.InvalidDeclaration", e.Reason + ".", file, (int)e.Start.Line, (int)e.Start.Column, e);
    }
}
