using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using McpModule.Model.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpModule.States.Formulas
{
    /// Refuses a rendered state that is not the shape its template wrote. The template is
    /// rendered a second time with every raw interpolation replaced by a one-word placeholder
    /// (quoted values — shell_quote, yaml_quote, json — stay as they are: they cannot leave the
    /// one value they stand for); Liquid's control flow is the same in both renders, so any
    /// difference in the YAML between the two is structure a pillar value brought: a state id,
    /// a key, a list item, a tag, a line of a text block.
    internal static class TemplateShape
    {
        /// Throws Mcp.State.ValueChangesShape (or .YamlSyntax naming the value as the cause)
        /// when <paramref name="rendered"/> differs in shape from <paramref name="shape"/>.
        public static void Check(YamlNode rendered, string shapeText, string file)
        {
            YamlNode shape;
            try { shape = FormulaYaml.Parse(shapeText); }
            catch (YamlException) { return; }       // the template's own YAML needs its values: nothing to compare with
            catch (YamlLimitException e) { throw FormulaYaml.LimitExceeded(e, file); }
            Compare(rendered, shape, "", file);
        }

        /// Line-based text (a file template's output): a value may not add lines.
        public static void CheckLines(string rendered, string shapeText, string file)
        {
            var have = LineCount(rendered);
            var meant = LineCount(shapeText);
            if (have != meant)
                throw new FormulaException("Mcp.State.ValueChangesShape",
                    $"a pillar value adds {have - meant} line(s) to this file where the template wrote {meant}: a value with a line break cannot be put into a line of a configuration file (it would add directives of its own).",
                    file);
        }

        /// The error for a rendered file that does not parse while its shape does: a value broke it.
        public static FormulaException BrokenByValue(string shapeText, string file, YamlException e)
        {
            try { FormulaYaml.Parse(shapeText); }
            catch (Exception x) when (x is YamlException || x is YamlLimitException) { return null; }
            return new FormulaException("Mcp.State.ValueChangesShape",
                $"a pillar value breaks the YAML of this state (rendered line {e.Start.Line}, column {e.Start.Column}: {Reason(e)}); quote the value where the template puts it (yaml_quote or json for YAML values, shell_quote for shell words).",
                file, (int)e.Start.Line, (int)e.Start.Column, e);
        }

        internal static string Reason(YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            var cut = reason.LastIndexOf("): ", StringComparison.Ordinal);
            return reason.StartsWith("(Line", StringComparison.Ordinal) && cut > 0 ? reason.Substring(cut + 3) : reason;
        }

        private static void Compare(YamlNode have, YamlNode meant, string path, string file)
        {
            if (have == null || meant == null)
            {
                if (have != meant) throw Changed(have ?? meant, path, file, "a document where the template wrote none, or none where it wrote one");
                return;
            }
            if (!have.Tag.IsEmpty && have.Tag != meant.Tag)
                throw Changed(have, path, file, $"a value brings the YAML tag '{have.Tag.Value}'");
            if (!have.Anchor.IsEmpty && have.Anchor != meant.Anchor)
                throw Changed(have, path, file, $"a value brings the YAML anchor '&{have.Anchor.Value}'");
            switch (meant)
            {
                case YamlScalarNode ms:
                    if (!(have is YamlScalarNode hs)) throw Changed(have, path, file, $"a {Kind(have)} where the template wrote one value");
                    if (ms.Style == ScalarStyle.Literal || ms.Style == ScalarStyle.Folded)
                    {
                        var extra = LineCount(hs.Value) - LineCount(ms.Value);
                        if (extra != 0)
                            throw Changed(have, path, file, $"a value with a line break adds {extra} line(s) to this text where the template wrote {LineCount(ms.Value)}");
                    }
                    break;
                case YamlSequenceNode mq:
                    if (!(have is YamlSequenceNode hq)) throw Changed(have, path, file, $"a {Kind(have)} where the template wrote a list");
                    if (hq.Children.Count != mq.Children.Count)
                        throw Changed(have, path, file, $"a list of {hq.Children.Count} items where the template wrote {mq.Children.Count}");
                    for (var i = 0; i < mq.Children.Count; i++) Compare(hq.Children[i], mq.Children[i], Join(path, "[" + i + "]"), file);
                    break;
                case YamlMappingNode mm:
                    if (!(have is YamlMappingNode hm)) throw Changed(have, path, file, $"a {Kind(have)} where the template wrote a mapping");
                    var haveEntries = hm.Children.ToList();
                    var meantEntries = mm.Children.ToList();
                    // keys first, in order: the first one that the template did not write is what a value added
                    for (var i = 0; i < Math.Max(haveEntries.Count, meantEntries.Count); i++)
                    {
                        if (i < haveEntries.Count && i < meantEntries.Count && KeyMatches(haveEntries[i].Key, meantEntries[i].Key)) continue;
                        if (haveEntries.Count > meantEntries.Count || i >= meantEntries.Count)
                            throw Changed(haveEntries[i].Key, path, file, $"a value adds the key '{Text(haveEntries[i].Key)}'{(path.Length == 0 ? " (a state of its own)" : "")}");
                        if (i >= haveEntries.Count || haveEntries.Count < meantEntries.Count)
                            throw Changed(i < haveEntries.Count ? haveEntries[i].Key : have, path, file, $"a value removes the key the template wrote as '{Text(meantEntries[i].Key)}'");
                        throw Changed(haveEntries[i].Key, path, file, $"a value turns the key the template wrote as '{Text(meantEntries[i].Key)}' into '{Text(haveEntries[i].Key)}'");
                    }
                    for (var i = 0; i < meantEntries.Count; i++)
                    {
                        Compare(haveEntries[i].Key, meantEntries[i].Key, path, file);
                        Compare(haveEntries[i].Value, meantEntries[i].Value, Join(path, Text(haveEntries[i].Key)), file);
                    }
                    break;
            }
        }

        // A key is the template's when its text is the template's with each placeholder standing for any text.
        private static bool KeyMatches(YamlNode have, YamlNode meant)
        {
            if (!(have is YamlScalarNode h) || !(meant is YamlScalarNode m)) return have.GetType() == meant.GetType();
            var pattern = "^" + string.Join("[\\s\\S]*", PlaceholderEncoder.Word.Split(m.Value ?? "").Select(Regex.Escape)) + "$";
            return Regex.IsMatch(h.Value ?? "", pattern);
        }

        private static FormulaException Changed(YamlNode at, string path, string file, string what) =>
            new FormulaException("Mcp.State.ValueChangesShape",
                $"the rendered state is not the shape its template wrote{(path.Length == 0 ? "" : " at " + path)}: {what}. Values are data: the template must quote what it interpolates (yaml_quote or json for YAML values, shell_quote for shell words), and a value that needs structure belongs in the pillar as structure.",
                file, at == null ? 0 : (int)at.Start.Line, at == null ? 0 : (int)at.Start.Column);

        private static string Join(string path, string step) => path.Length == 0 ? step : path + " → " + step;

        private static string Text(YamlNode key)
        {
            var s = key is YamlScalarNode k ? k.Value ?? "" : "(" + Kind(key) + ")";
            return s.Length > 60 ? s.Substring(0, 60) + "…" : s;
        }

        private static string Kind(YamlNode node) =>
            node is YamlMappingNode ? "mapping" : node is YamlSequenceNode ? "list" : "value";

        private static int LineCount(string text)
        {
            if (string.IsNullOrEmpty(text)) return 0;
            var n = 0;
            foreach (var c in text) if (c == '\n') n++;
            return text[text.Length - 1] == '\n' ? n : n + 1;
        }
    }

    /// The encoder of the shape render: each raw interpolation becomes a placeholder word that
    /// is a plain YAML scalar anywhere and unique (a key made of it cannot collide).
    internal sealed class PlaceholderEncoder : TextEncoder
    {
        /// The placeholders' shape, to find them in the shape render's text.
        public static readonly Regex Word = new Regex("mcpvalue[0-9]+z", RegexOptions.CultureInvariant);

        private int _count;

        public override string Encode(string value) => "mcpvalue" + (++_count).ToString(CultureInfo.InvariantCulture) + "z";

        public override void Encode(TextWriter output, string value, int startIndex, int characterCount) => output.Write(Encode(value));

        public override int MaxOutputCharactersPerInputCharacter => 1;

        public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => textLength > 0 ? 0 : -1;

        public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        public override bool WillEncode(int unicodeScalar) => true;
    }
}
