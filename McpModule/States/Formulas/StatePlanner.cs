using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fluid;
using McpModule.Model.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpModule.States.Formulas
{
    /// Renders a node's plan from formulas: each state file is a Liquid template over the
    /// node's pillar that yields Salt-shaped YAML (state id → type.function → arguments);
    /// everything is validated and ordered here, before anything reaches a node.
    internal sealed class StatePlanner
    {
        private static readonly FluidParser Liquid = new FluidParser();
        private static readonly HashSet<string> TextArguments = new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "mode", "version", "value", "content", "contents", "target", "user", "group", "match", "uid", "gid",
            "source", "uri", "dist", "key", "signed_by",
        };
        private readonly FormulaLibrary _library;

        public StatePlanner(FormulaLibrary library) { _library = library ?? throw new ArgumentNullException(nameof(library)); }

        /// The states a node gets without -State: its applications that have a formula, in order
        /// (as Salt's top file would give them).
        public IReadOnlyList<string> ChooseStates(IEnumerable<string> applications) =>
            (applications ?? Enumerable.Empty<string>()).Where(a => a != null && _library.Has(a.Split('.')[0])).Distinct().ToList();

        /// The node's plan for the states; throws FormulaException for the first problem found.
        public NodePlan Plan(PlanInput node, IReadOnlyList<string> states)
        {
            var context = LiquidContext(node);
            var declared = new List<PlanResource>();
            var requisites = new List<(PlanResource Owner, string Kind, List<(string Type, string Ref, int Line)> Targets)>();
            var ids = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
            var loaded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var state in states) Load(state, null, 0, context, declared, requisites, ids, loaded);

            // requisites → indices into declared
            var byId = declared.GroupBy(r => r.StateId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var edges = declared.ToDictionary(r => r, r => new List<(string Kind, PlanResource Target)>());
            foreach (var (owner, kind, targets) in requisites)
            {
                foreach (var (type, reference, line) in targets)
                {
                    List<PlanResource> found = null;
                    if (byId.TryGetValue(reference, out var sameId))
                        found = sameId.Where(r => type == null || r.Type == type).ToList();
                    if ((found == null || found.Count == 0) && type != null)
                        found = declared.Where(r => r.Type == type && r.Name == reference).ToList();
                    if (found == null || found.Count == 0)
                        throw new FormulaException("Mcp.State.RequisiteNotFound",
                            $"'{owner.StateId}' has {kind} on {(type == null ? "" : type + ":")}{reference}, which no state of this run declares (states: {string.Join(", ", states)}).",
                            owner.File, line);
                    foreach (var f in found)
                    {
                        if (ReferenceEquals(f, owner))
                            throw new FormulaException("Mcp.State.RequisiteCycle", $"'{owner.StateId}' has {kind} on itself.", owner.File, line);
                        edges[owner].Add((kind, f));
                    }
                }
            }

            var ordered = Order(declared, edges);
            for (var i = 0; i < ordered.Count; i++) ordered[i].Index = i;
            foreach (var r in ordered)
            {
                r.Require = edges[r].Where(e => e.Kind == "require").Select(e => e.Target.Index).Distinct().ToList();
                r.Watch = edges[r].Where(e => e.Kind == "watch").Select(e => e.Target.Index).Distinct().ToList();
                r.OnChanges = edges[r].Where(e => e.Kind == "onchanges").Select(e => e.Target.Index).Distinct().ToList();
            }
            return new NodePlan(node.Name, states.ToList(), ordered);
        }

        // requisites first, otherwise declaration (file) order; a cycle names its members.
        private static List<PlanResource> Order(List<PlanResource> declared, Dictionary<PlanResource, List<(string Kind, PlanResource Target)>> edges)
        {
            var position = new Dictionary<PlanResource, int>();
            for (var i = 0; i < declared.Count; i++) position[declared[i]] = i;
            var pending = declared.ToDictionary(r => r, r => edges[r].Select(e => e.Target).Distinct().Count());
            var dependants = declared.ToDictionary(r => r, r => new List<PlanResource>());
            foreach (var r in declared) foreach (var t in edges[r].Select(e => e.Target).Distinct()) dependants[t].Add(r);
            var ready = new SortedSet<int>(declared.Where(r => pending[r] == 0).Select(r => position[r]));
            var result = new List<PlanResource>();
            while (ready.Count > 0)
            {
                var next = declared[ready.Min];
                ready.Remove(ready.Min);
                result.Add(next);
                foreach (var d in dependants[next])
                    if (--pending[d] == 0) ready.Add(position[d]);
            }
            if (result.Count == declared.Count)
            {
                // Salt's order: file order, each resource preceded by what it requires (depth first)
                var placed = new HashSet<PlanResource>();
                var order = new List<PlanResource>();
                void Visit(PlanResource r)
                {
                    if (!placed.Add(r)) return;
                    foreach (var t in edges[r].Select(e => e.Target).OrderBy(t => position[t])) Visit(t);
                    order.Add(r);
                }
                foreach (var r in declared) Visit(r);
                return order;
            }
            if (result.Count < declared.Count)
            {
                var stuck = declared.Where(r => pending[r] > 0).ToList();
                var first = stuck[0];
                throw new FormulaException("Mcp.State.RequisiteCycle",
                    $"requisites form a cycle among: {string.Join(", ", stuck.Select(r => $"'{r.StateId}' ({r.File}:{r.Line})").Distinct())}.",
                    first.File, first.Line);
            }
            return result;
        }

        private void Load(string state, string fromFile, int fromLine, TemplateContext context, List<PlanResource> declared,
                          List<(PlanResource, string, List<(string, string, int)>)> requisites,
                          Dictionary<string, (string File, int Line)> ids, HashSet<string> loaded)
        {
            if (!loaded.Add(state)) return;
            if (!FormulaLibrary.IsValidStateName(state))
                throw new FormulaException("Mcp.State.InvalidStateName",
                    $"'{McpModule.Text.DisplayText.Printable(state)}' is not a state name: formula names joined by dots, each of letters, digits, '_' and '-' (linux, linux.system.repo).", fromFile, fromLine);
            var dot = state.IndexOf('.');
            var formula = dot < 0 ? state : state.Substring(0, dot);
            var file = (dot < 0 ? "init" : state.Substring(dot + 1).Replace('.', '/')) + ".yml";
            if (!_library.Has(formula))
                throw new FormulaException("Mcp.State.FormulaNotFound",
                    $"there is no formula '{formula}' (state '{state}'); formulas: {string.Join(", ", _library.Names)}.", fromFile, fromLine);
            if (!_library.TryRead(formula, file, out var display, out var template))
                throw new FormulaException("Mcp.State.FormulaNotFound", $"the formula '{formula}' has no file {file} (state '{state}').", fromFile, fromLine);

            var (text, shape) = Render(template, display, context);
            YamlNode root;
            try { root = FormulaYaml.Parse(text); }
            catch (YamlLimitException e) { throw FormulaYaml.LimitExceeded(e, display); }
            catch (YamlException e)
            {
                throw TemplateShape.BrokenByValue(shape, display, e)
                    ?? new FormulaException("Mcp.State.YamlSyntax", "YAML syntax error (lines of the rendered file): " + TemplateShape.Reason(e), display, (int)e.Start.Line, (int)e.Start.Column, e);
            }
            TemplateShape.Check(root, shape, display);
            if (root == null || (root is YamlScalarNode empty && string.IsNullOrEmpty(empty.Value))) return;
            if (!(root is YamlMappingNode top))
                throw Invalid(display, root, "a state file is a mapping of state ids (and 'include').");

            foreach (var entry in top.Children)
            {
                var id = Scalar(entry.Key, display, "a state id");
                if (id == "include")
                {
                    if (!(entry.Value is YamlSequenceNode includes)) throw Invalid(display, entry.Value, "'include' is a list of state names.");
                    foreach (var inc in includes) Load(Scalar(inc, display, "a state name"), display, Line(inc), context, declared, requisites, ids, loaded);
                    continue;
                }
                if (ids.TryGetValue(id, out var earlier))
                    throw new FormulaException("Mcp.State.DuplicateId", $"the state id '{id}' is declared twice (first at {earlier.File}:{earlier.Line}).", display, Line(entry.Key));
                ids[id] = (display, Line(entry.Key));
                if (!(entry.Value is YamlMappingNode declarations) || declarations.Children.Count == 0)
                    throw Invalid(display, entry.Value, $"the state '{id}' is a mapping of <type>.<function> declarations (pkg.installed, file.managed, ...).");
                foreach (var decl in declarations.Children)
                {
                    var function = Scalar(decl.Key, display, "a <type>.<function>");
                    var fdot = function.IndexOf('.');
                    if (fdot <= 0 || !ResourceTypes.IsKnownType(function.Substring(0, fdot)))
                        throw new FormulaException("Mcp.State.UnknownResourceType",
                            $"'{id}' declares '{function}': unknown resource type '{(fdot <= 0 ? function : function.Substring(0, fdot))}' (known: {string.Join(", ", ResourceTypes.Names)}).",
                            display, Line(decl.Key), Column(decl.Key));
                    if (!ResourceTypes.IsKnown(function))
                        throw new FormulaException("Mcp.State.UnknownResourceType",
                            $"'{id}' declares '{function}': unknown function (known: {string.Join(", ", ResourceTypes.Names)}).", display, Line(decl.Key), Column(decl.Key));
                    var args = Arguments(decl.Value, display, id);
                    var (errorId, problem) = ResourceTypes.Check(function, args.Select(k => k.Key.Value));
                    if (errorId != null) throw new FormulaException(errorId, $"'{id}': {problem}", display, Line(decl.Key), Column(decl.Key));

                    var plain = new Dictionary<string, object>(StringComparer.Ordinal);
                    var reqs = new List<(string Kind, List<(string, string, int)> Targets)>();
                    string name = id;
                    foreach (var kv in args)
                    {
                        var key = kv.Key.Value;
                        if (ResourceTypes.Requisites.Contains(key)) { reqs.Add((key, Requisite(kv.Value, display, id, key))); continue; }
                        var value = Value(kv.Value, TextArguments.Contains(key));
                        if (key == "name")
                        {
                            if (!(value is string s) || s.Length == 0) throw Invalid(display, kv.Value, $"'{id}': name is a non-empty text.");
                            name = s;
                        }
                        else plain[key] = value;
                    }
                    var (valueErrorId, valueProblem) = ResourceTypes.CheckValues(function, name, plain);
                    if (valueErrorId != null) throw new FormulaException(valueErrorId, $"'{id}': {valueProblem}", display, Line(decl.Key), Column(decl.Key));
                    var resource = new PlanResource(state, id, function, name, plain, display, Line(decl.Key));
                    if (function == "file.managed") RenderSource(resource, formula, display, context, Line(decl.Key));
                    declared.Add(resource);
                    foreach (var (kind, targets) in reqs) requisites.Add((resource, kind, targets));
                }
            }
        }

        private void RenderSource(PlanResource resource, string formula, string file, TemplateContext context, int line)
        {
            var args = resource.Arguments;
            var isTemplate = false;
            if (args.TryGetValue("template", out var t) && t != null)
            {
                if (!(t is string ts) || (ts != "liquid" && ts != "none"))
                    throw new FormulaException("Mcp.State.InvalidDeclaration", $"'{resource.StateId}': template is 'liquid' or 'none'.", file, line);
                isTemplate = ts == "liquid";
            }
            args.Remove("template");
            if (!args.TryGetValue("source", out var s)) { if (isTemplate) args["contents"] = RenderText(Convert.ToString(args["contents"], System.Globalization.CultureInfo.InvariantCulture), file, context); return; }
            args.Remove("source");
            var source = s as string ?? "";
            string display, text;
            if (source.StartsWith("model://", StringComparison.Ordinal))
            {
                var rel = source.Substring("model://".Length);
                display = null;
                if (_library.ModelPath != null)
                {
                    try { display = McpModule.FileSystem.RootedPath.Resolve(_library.ModelPath, rel, $"'{resource.StateId}': the source {source}"); }
                    catch (McpModule.FileSystem.PathOutsideRootException e)
                    {
                        throw new FormulaException("Mcp.State.SourceOutsideModel", e.Message + " A model:// source is a file of the model repository.", file, line, 0, e);
                    }
                }
                if (display == null || !File.Exists(display))
                    throw new FormulaException("Mcp.State.SourceNotFound", $"'{resource.StateId}': the source {source} does not exist in the model repository.", file, line);
                text = File.ReadAllText(display);
            }
            else if (!_library.TryRead(formula, source, out display, out text))
                throw new FormulaException("Mcp.State.SourceNotFound", $"'{resource.StateId}': the source '{source}' does not exist in the formula '{formula}' ({display}).", file, line);
            args["contents"] = isTemplate ? RenderText(text, display, context) : text;
        }

        // A file's text from its template: a value may not add lines (directives) to it.
        private static string RenderText(string template, string file, TemplateContext context)
        {
            var (text, shape) = Render(template, file, context);
            TemplateShape.CheckLines(text, shape, file);
            return text;
        }

        // The template rendered as it is and as its shape (TemplateShape), each in a scope of its
        // own so that what one render assigns is not what the next one starts from.
        private static (string Text, string Shape) Render(string template, string file, TemplateContext context)
        {
            var parsed = ParseLiquid(template, file);
            try { return (RenderScoped(parsed, context, NullEncoder.Default), RenderScoped(parsed, context, new PlaceholderEncoder())); }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                throw new FormulaException("Mcp.State.TemplateError", "Liquid: " + e.Message, file, 0, 0, e);
            }
        }

        private static string RenderScoped(IFluidTemplate template, TemplateContext context, System.Text.Encodings.Web.TextEncoder encoder)
        {
            context.EnterChildScope();
            try { return template.Render(context, encoder); }
            finally { context.ReleaseScope(); }
        }

        private static IFluidTemplate ParseLiquid(string template, string file)
        {
            LiquidBounds.Check(template, file);
            if (!Liquid.TryParse(template, out var parsed, out var error))
                throw new FormulaException("Mcp.State.TemplateError", "Liquid: " + error.Replace("\r", "").Replace("\n", " "), file, LiquidLine(error));
            return parsed;
        }

        private static int LiquidLine(string error)
        {
            var m = System.Text.RegularExpressions.Regex.Match(error ?? "", @"\((\d+):(\d+)\)");
            return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        /// A formula file that is not a state (meta/health.yml) rendered as Liquid over the same
        /// pillar and node a state file sees.
        internal static string RenderFile(string template, string file, PlanInput node)
        {
            var parsed = ParseLiquid(template, file);
            try { return RenderScoped(parsed, LiquidContext(node), NullEncoder.Default); }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                throw new FormulaException("Mcp.State.TemplateError", "Liquid: " + e.Message, file, 0, 0, e);
            }
        }

        private static TemplateContext LiquidContext(PlanInput node)
        {
            var options = new TemplateOptions();
            options.MemberAccessStrategy = new UnsafeMemberAccessStrategy();
            FormulaFilters.Register(options);
            var context = new TemplateContext(options);
            context.SetValue("pillar", Plain(node.Pillar));
            context.SetValue("node", new Dictionary<string, object>
            {
                ["name"] = node.Name, ["short_name"] = node.ShortName, ["domain"] = node.Domain, ["cluster"] = node.Cluster,
                ["site"] = node.Site, ["applications"] = node.Applications.Cast<object>().ToList(),
            });
            context.SetValue("nodes", node.ClusterNodes.Select(n => (object)new Dictionary<string, object>
            {
                ["name"] = n.Name, ["short_name"] = McpNode.ShortNameOf(n.Name), ["address"] = n.Address,
            }).ToList());
            return context;
        }

        // Pillar as plain dictionaries and lists (what Liquid walks).
        internal static object Plain(object value)
        {
            switch (value)
            {
                case null: return null;
                case string s: return s;
                case IDictionary<string, object> map:
                    var d = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var kv in map) d[kv.Key] = Plain(kv.Value);
                    return d;
                case IEnumerable list:
                    return list.Cast<object>().Select(Plain).ToList();
                default: return value;
            }
        }

        private static List<KeyValuePair<YamlScalarNode, YamlNode>> Arguments(YamlNode node, string file, string id)
        {
            var result = new List<KeyValuePair<YamlScalarNode, YamlNode>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Add(YamlNode k, YamlNode v)
            {
                if (!(k is YamlScalarNode key)) throw Invalid(file, k, $"'{id}': an argument name is text.");
                if (!seen.Add(key.Value)) throw Invalid(file, k, $"'{id}': the argument '{key.Value}' is given twice.");
                result.Add(new KeyValuePair<YamlScalarNode, YamlNode>(key, v));
            }
            switch (node)
            {
                case YamlScalarNode s when string.IsNullOrEmpty(s.Value): break;        // no arguments
                case YamlMappingNode map: foreach (var kv in map.Children) Add(kv.Key, kv.Value); break;
                case YamlSequenceNode seq:                                                // Salt's list of one-key mappings
                    foreach (var item in seq)
                    {
                        if (!(item is YamlMappingNode one) || one.Children.Count != 1)
                            throw Invalid(file, item, $"'{id}': each argument is a one-key mapping (- name: value).");
                        foreach (var kv in one.Children) Add(kv.Key, kv.Value);
                    }
                    break;
                default: throw Invalid(file, node, $"'{id}': arguments are a mapping or a list of one-key mappings.");
            }
            return result;
        }

        private static List<(string, string, int)> Requisite(YamlNode node, string file, string id, string kind)
        {
            var result = new List<(string, string, int)>();
            IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? (IEnumerable<YamlNode>)seq : new[] { node };
            foreach (var item in items)
            {
                if (item is YamlScalarNode s && !string.IsNullOrEmpty(s.Value)) result.Add((null, s.Value, Line(s)));
                else if (item is YamlMappingNode m && m.Children.Count == 1 && m.Children.First().Key is YamlScalarNode t && m.Children.First().Value is YamlScalarNode r)
                    result.Add((t.Value, r.Value, Line(m)));
                else throw Invalid(file, item, $"'{id}': {kind} lists state ids or one-key mappings (- pkg: nginx).");
            }
            return result;
        }

        // An argument's value as plain objects. Its file nests at most ModelLimits.MaxNestingDepth
        // levels (FormulaYaml), so does the value: the plan goes to the node as JSON, which
        // python's json reads by recursion (its limit is about 1,000).
        private static object Value(YamlNode node, bool text)
        {
            switch (node)
            {
                case YamlScalarNode s:
                    if (s.Style != ScalarStyle.Plain || text) return s.Value;
                    return YamlScalarResolver.ResolvePlain(s.Value ?? "");
                case YamlSequenceNode seq: return seq.Children.Select(c => Value(c, text)).ToList();
                case YamlMappingNode map:
                    var d = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var kv in map.Children) d[((YamlScalarNode)kv.Key).Value] = Value(kv.Value, text);
                    return d;
                default: return null;
            }
        }

        private static string Scalar(YamlNode node, string file, string what)
        {
            if (node is YamlScalarNode s && !string.IsNullOrEmpty(s.Value)) return s.Value;
            throw Invalid(file, node, $"expected {what} here.");
        }

        private static FormulaException Invalid(string file, YamlNode node, string message) =>
            new FormulaException("Mcp.State.InvalidDeclaration", message, file, Line(node), Column(node));

        private static int Line(YamlNode node) => node == null ? 0 : (int)node.Start.Line;
        private static int Column(YamlNode node) => node == null ? 0 : (int)node.Start.Column;
    }
}
