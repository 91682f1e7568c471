#nullable enable
using System;
using System.Collections.Generic;
using McpModule.Model;
using McpModule.Model.Yaml;
using McpModule.States.Formulas;

namespace McpModule.Health.Definitions
{
    /// The formulas' meta/health.yml over one load of a model's definitions: each file read once,
    /// rendered as Liquid for each node only when it holds Liquid markup (a file without any renders
    /// to itself), and parsed once for each distinct text. Nodes whose file reads the same share one
    /// block: nothing changes a block (definitions are merged into copies of it).
    internal sealed class HealthMetaFiles
    {
        private readonly FormulaLibrary _library;
        private readonly Dictionary<string, MetaFile?> _files = new Dictionary<string, MetaFile?>(StringComparer.Ordinal);
        private readonly Dictionary<(string Display, string Text), HealthBlock?> _blocks = new Dictionary<(string, string), HealthBlock?>();

        private sealed class MetaFile
        {
            internal MetaFile(string display, string template)
            {
                Display = display;
                Template = template;
                IsLiquid = template.IndexOf("{{", StringComparison.Ordinal) >= 0 || template.IndexOf("{%", StringComparison.Ordinal) >= 0;
            }

            internal string Display { get; }
            internal string Template { get; }
            internal bool IsLiquid { get; }
        }

        internal HealthMetaFiles(FormulaLibrary library)
        {
            _library = library;
        }

        /// The formula's meta/health.yml for the node; null when the formula has none (or it is empty).
        internal HealthBlock? Read(string formula, PlanInput node)
        {
            if (!_files.TryGetValue(formula, out var file))
            {
                file = _library.Has(formula) && _library.TryRead(formula, HealthBlockReader.MetaFile, out var display, out var template)
                    ? new MetaFile(display, template) : null;
                _files[formula] = file;
            }
            if (file == null) return null;
            var text = file.IsLiquid ? StatePlanner.RenderFile(file.Template, file.Display, node) : file.Template;
            if (_blocks.TryGetValue((file.Display, text), out var block)) return block;
            block = Parse(text, file.Display);
            _blocks[(file.Display, text)] = block;
            return block;
        }

        private static HealthBlock? Parse(string text, string display)
        {
            object? parsed;
            try { parsed = YamlFileReader.Parse(text, display); }
            catch (ModelException e) { throw new HealthModelException(display, "", e.Message); }
            if (parsed == null) return null;
            if (!(parsed is IDictionary<string, object> map))
                throw new HealthModelException(display, "", "expected a mapping, found " + PillarValues.Describe(parsed) + ".");
            return new HealthBlock(display, "", map);
        }
    }
}
