using System;
using System.Globalization;
using System.Threading.Tasks;
using Fluid;
using Fluid.Values;
using McpModule.Execution;

namespace McpModule.States.Formulas
{
    /// The Liquid filters that keep pillar values data (docs/formulas.md, "Values are data"):
    /// `shell_quote` makes one shell word of a value, `yaml_quote` one YAML scalar, `json` one
    /// YAML flow value of any shape. The output of yaml_quote and json is one line that YAML
    /// reads as exactly one value, so the shape check (TemplateShape) takes it verbatim; a
    /// shell word may hold a line break, so it is checked like any raw interpolation.
    internal static class FormulaFilters
    {
        public static void Register(TemplateOptions options)
        {
            options.Filters.AddFilter("shell_quote", (input, args, context) =>
                new ValueTask<FluidValue>(new StringValue(ShellQuote.Quote(Text(input, context, "shell_quote")))));
            options.Filters.AddFilter("yaml_quote", (input, args, context) =>
                Verbatim(YamlQuote(Text(input, context, "yaml_quote"))));
            if (options.Filters.TryGetValue("json", out var json))
                options.Filters.AddFilter("json", async (input, args, context) =>
                    new StringValue((await json(input, args, context)).ToStringValue(), false));
        }

        /// A YAML double-quoted scalar that reads back as exactly the value. JSON's string
        /// syntax is a subset of YAML's double-quoted style; every control character, line
        /// break and non-ASCII character is escaped so the scalar stays on one line.
        public static string YamlQuote(string value)
        {
            var sb = new System.Text.StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x7f || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        private static string Text(FluidValue input, TemplateContext context, string filter)
        {
            if (input.IsNil()) throw new InvalidOperationException($"the {filter} filter was given nothing (a missing pillar key?): there is no value to quote.");
            if (input.Type == FluidValues.Array || input.Type == FluidValues.Dictionary || input.Type == FluidValues.Object)
                throw new InvalidOperationException($"the {filter} filter quotes one text value, not a list or a mapping (use json for those).");
            return input.ToStringValue();
        }

        private static ValueTask<FluidValue> Verbatim(string text) => new ValueTask<FluidValue>(new StringValue(text, false));
    }
}
