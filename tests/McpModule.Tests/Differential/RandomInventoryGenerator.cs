using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;

namespace McpModule.Tests.Differential
{
    /// A generated inventory: where it is and what went into it.
    public sealed class GeneratedInventory
    {
        public int Seed { get; set; }
        public string Folder { get; set; }
        public List<string> Nodes { get; } = new List<string>();
        public List<string> Classes { get; } = new List<string>();
        /// Notable features and injected faults, for failure messages.
        public List<string> Notes { get; } = new List<string>();
    }

    /// Writes a random but reproducible reclass inventory for a seed: 3–8 nodes, 5–25
    /// classes in nested folders with shared parents, deep dict merges, list appends,
    /// scalar overrides, ~overrides, references (nested, into lists, to containers,
    /// to values merged later), mixed strings, exports and inventory queries
    /// (if/and/or/!=/self:/+AllEnvs), applications with ~removal, environments, class
    /// names with references, and now and then an injected fault (missing reference,
    /// type clash, missing class, changed constant, reference loop).
    ///
    /// Stays clear of reclass 1.7 behaviour that depends on the file system or is a
    /// plain bug (see tests/fixtures/README.md and fixtures 23, 64, 80): no query inside
    /// a longer string, no mixed string over a query result or over a container that
    /// holds references (fixture 65), class-name references only
    /// to parameters set exactly once, references only to earlier paths (no loops unless
    /// injected), consistent types per path (no clashes unless injected).
    public static class RandomInventoryGenerator
    {
        private enum Kind { Scalar, Sel, Ip, List, Dict, ListDict, LitList, LitDict, Query, ListQuery }

        private sealed class PathSpec
        {
            public PathSpec(int index, string path, Kind kind) { Index = index; Keys = path.Split(':'); Path = path; Kind = kind; }
            public int Index { get; }
            public string Path { get; }
            public string[] Keys { get; }
            public Kind Kind { get; }
        }

        private static readonly PathSpec[] Pool = BuildPool();

        private static PathSpec[] BuildPool()
        {
            var specs = new (string, Kind)[]
            {
                ("_param:p0", Kind.Scalar), ("_param:p1", Kind.Scalar), ("_param:p2", Kind.Scalar),
                ("_param:p3", Kind.Scalar), ("_param:p4", Kind.Scalar), ("_param:p5", Kind.Scalar),
                ("_param:sel", Kind.Sel), ("_param:ip", Kind.Ip),
                ("svcA:server:port", Kind.Scalar), ("svcA:server:bind", Kind.Scalar), ("svcA:server:enabled", Kind.Scalar),
                ("svcA:client:servers", Kind.List), ("svcA:opts", Kind.Dict),
                ("svcB:name", Kind.Scalar), ("svcB:pkgs", Kind.List), ("svcB:conf", Kind.Dict), ("svcB:members", Kind.ListDict),
                ("svcB:tags", Kind.LitList), ("svcB:labels", Kind.LitDict),
                ("svcC:copy_list", Kind.List), ("svcC:copy_dict", Kind.Dict), ("svcC:msg", Kind.Scalar),
                ("svcC:nested", Kind.Scalar), ("svcC:member", Kind.Scalar),
                ("mon:hosts", Kind.Query), ("mon:list", Kind.ListQuery),
            };
            return specs.Select((s, i) => new PathSpec(i, s.Item1, s.Item2)).ToArray();
        }

        private static readonly string[] Words =
            { "alpha", "beta", "web", "db", "lab", "x-1", "with space", "ünïcode", "日本", "a:b", "yes", "no", "null", "1.5e3", "0x10", "#hash", "quote\"d", "it's" };
        private static readonly string[] Floats = { "1.5", "2.0", "-0.25", "1000000.0", "0.1", "3.14159", "1.0e+16", "1.0e-05" };
        /// Plain (unquoted) YAML 1.1 spellings as PyYAML resolves them: ints in hex, octal,
        /// with underscores, sexagesimal; yes/no/on/off booleans; null spellings; odd floats;
        /// strings that look like numbers but are not (1.5e3, 0o17, 09, 12:60).
        private static readonly string[] PlainSpellings =
            { "0x1F", "017", "1_000", "+12", "1:30", "-0", "yes", "No", "ON", "off", "True", "FALSE", "null", "Null",
              ".5", "1.", "1_0.5", "-.inf", "1.5e3", "0o17", "09", "12:60", "y", "n", "plain-word", "a.b.c" };
        private static readonly string[] Apps = { "ntp", "linux", "salt", "nginx", "mysql", "keepalived" };
        private static readonly string[] Roles = { "web", "db", "cache" };
        private static readonly string[] Tops = { "system", "service", "cluster" };
        private static readonly string[] Mids = { "alpha", "beta", "gamma", "delta", "eps" };
        private static readonly string[] Leaves = { "server", "client", "common", "extra", "tls", "ha" };
        private static readonly string[] DictKeysScalar = { "a", "b", "c" };

        private static readonly string[] ValueQueries =
        {
            "$[ exports:host ]",
            "$[ exports:ip if exports:role == web ]",
            "$[ exports:host if exports:role != db ]",
            "$[ exports:ip if exports:role == web or exports:role == db ]",
            "$[ exports:port if exports:role == self:_param:role ]",
            "$[ +AllEnvs exports:host ]",
            "$[ exports:host if exports:role == db and exports:port == 80 ]",
            "$[ exports:extra ]",
            "$[ exports:info:k if exports:role == cache ]",
            "$[ +AllEnvs exports:ip if exports:role != none ]",
        };

        private static readonly string[] ListQueries =
        {
            "$[ if exports:role == web ]",
            "$[ if exports:role != web and exports:role != none ]",
            "$[ +AllEnvs if exports:role == db ]",
            "$[ if exports:role == self:_param:role ]",
            "$[ if exports:role == cache or exports:role == db ]",
        };

        // ---- YAML model ------------------------------------------------------------

        private sealed class YMap : List<KeyValuePair<string, object>>
        {
            public void Add(string key, object value) => Add(new KeyValuePair<string, object>(key, value));
            public object Get(string key) => this.FirstOrDefault(p => p.Key == key).Value;
            public bool Has(string key) => this.Any(p => p.Key == key);
            public void Set(string key, object value)
            {
                var i = FindIndex(p => p.Key == key);
                if (i >= 0) this[i] = new KeyValuePair<string, object>(key, value);
                else Add(new KeyValuePair<string, object>(key, value));
            }
        }

        private sealed class YList : List<object> { }

        private sealed class YFloat
        {
            public YFloat(string text) { Text = text; }   // also any other plain scalar spelling
            public string Text { get; }
        }

        // ---- generation ------------------------------------------------------------

        private sealed class Ctx
        {
            public Random Rng;
            public GeneratedInventory Result;
            public bool InjectMissingRef, InjectTypeClash, InjectMissingClass, InjectConstant, InjectLoop;
            public bool IgnoreClassNotFound, MappingBase;
            public List<string> Envs = new List<string>();
        }

        public static GeneratedInventory Generate(int seed, string folder)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            Directory.CreateDirectory(Path.Combine(folder, "classes"));
            Directory.CreateDirectory(Path.Combine(folder, "nodes"));
            var ctx = new Ctx { Rng = new Random(seed), Result = new GeneratedInventory { Seed = seed, Folder = folder } };
            var rng = ctx.Rng;

            // Settings and faults for this seed.
            var config = new YMap();
            if (rng.NextDouble() < 0.2) { ctx.MappingBase = true; config.Set("class_mappings", new YList { "* base" }); }
            if (rng.NextDouble() < 0.25) ctx.Envs.AddRange(new[] { "prod", "dev" }.Take(1 + rng.Next(2)));
            if (rng.NextDouble() < 0.12)
            {
                switch (rng.Next(5))
                {
                    case 0: ctx.InjectMissingRef = true; break;
                    case 1: ctx.InjectTypeClash = true; break;
                    case 2:
                        ctx.InjectMissingClass = true;
                        if (rng.NextDouble() < 0.5) { ctx.IgnoreClassNotFound = true; config.Set("ignore_class_notfound", true); }
                        break;
                    case 3: ctx.InjectConstant = true; break;
                    default: ctx.InjectLoop = true; break;
                }
            }
            if (rng.NextDouble() < 0.05) config.Set("default_environment", "staging");
            if (rng.NextDouble() < 0.06) config.Set("compose_node_name", true);
            if (rng.NextDouble() < 0.1)
            {
                var mappings = config.Get("class_mappings") as YList ?? new YList();
                mappings.Add("/^(web|db|cache)/ role.\\\\1");
                config.Set("class_mappings", mappings);
            }
            if (ctx.InjectTypeClash && rng.NextDouble() < 0.5)
                config.Set(new[] { "allow_list_over_scalar", "allow_scalar_over_list", "allow_scalar_over_dict", "allow_dict_over_scalar" }[rng.Next(4)], true);
            if (ctx.InjectMissingRef && rng.NextDouble() < 0.3) config.Set("ignore_overwritten_missing_references", false);
            if (config.Count > 0)
            {
                WriteYaml(Path.Combine(folder, "reclass-config.yml"), config);
                ctx.Result.Notes.Add("config: " + string.Join(", ", config.Select(p => p.Key)));
            }
            foreach (var flag in new[] { (ctx.InjectMissingRef, "missing reference"), (ctx.InjectTypeClash, "type clash"),
                                         (ctx.InjectMissingClass, "missing class"), (ctx.InjectConstant, "changed constant"),
                                         (ctx.InjectLoop, "reference loop") })
                if (flag.Item1) ctx.Result.Notes.Add("injected: " + flag.Item2);

            // ---- base class: every path defined with a literal of its kind
            var baseParams = new YMap();
            foreach (var spec in Pool)
            {
                if (spec.Kind == Kind.Query || spec.Kind == Kind.ListQuery) continue;
                SetPath(baseParams, spec.Keys, LiteralFor(ctx, spec, forBase: true), null);
            }
            SetPath(baseParams, new[] { "_param", "role" }, "none", null);
            SetPath(baseParams, new[] { "svcD", "version" }, 3, '=');   // constant, never changed
            if (ctx.InjectConstant) SetPath(baseParams, Pool.First(p => p.Path == "svcB:name").Keys, "constant-name", '=');
            var baseClass = new YMap { { "parameters", baseParams } };
            if (rng.NextDouble() < 0.5) baseClass.Insert(0, new KeyValuePair<string, object>("applications", new YList { "linux" }));
            WriteClass(ctx, folder, "base", baseClass, rng.NextDouble() < 0.3);

            // ---- role classes with exports
            foreach (var role in Roles)
            {
                var exports = new YMap
                {
                    { "host", "${_reclass_:name:short}" },
                    { "ip", "${_param:ip}" },
                    { "role", "${_param:role}" },
                    { "port", "${svcA:server:port}" },
                };
                if (role == "cache") exports.Add(new KeyValuePair<string, object>("info", new YMap { { "k", "${_reclass_:name:full}" } }));
                if (rng.NextDouble() < 0.3) exports.Add(new KeyValuePair<string, object>("tags", new YList { role }));
                var cls = new YMap
                {
                    { "applications", new YList { Apps[rng.Next(Apps.Length)] } },
                    { "parameters", new YMap { { "_param", new YMap { { "role", role } } } } },
                    { "exports", exports },
                };
                if (rng.NextDouble() < 0.5)
                {
                    var p = (YMap)cls.Get("parameters");
                    AddRandomWrites(ctx, p, 1 + rng.Next(2));
                }
                WriteClass(ctx, folder, "role." + role, cls, false);
            }

            // ---- profiles for class-name references (their _cls:role is set exactly once)
            int profiles = rng.Next(3);
            for (int i = 0; i < profiles; i++)
                WriteClass(ctx, folder, "profile.p" + i,
                           new YMap { { "parameters", new YMap { { "_cls", new YMap { { "role", Roles[rng.Next(Roles.Length)] } } } } } },
                           false);

            // ---- generated classes in nested folders
            int classCount = 5 + rng.Next(21);
            var names = new List<string>();
            int guard = 0;
            while (names.Count < classCount && guard++ < 1000)
            {
                var top = Tops[rng.Next(Tops.Length)];
                string name = top == "cluster"
                    ? $"cluster.c{rng.Next(3)}" + (rng.NextDouble() < 0.7 ? "." + Mids[rng.Next(Mids.Length)] : "")
                    : top + "." + Mids[rng.Next(Mids.Length)] + (rng.NextDouble() < 0.6 ? "." + Leaves[rng.Next(Leaves.Length)] : "");
                if (!names.Contains(name)) names.Add(name);
            }
            bool queryPlaced = false;
            for (int i = 0; i < names.Count; i++)
            {
                var cls = new YMap();
                // parents: only earlier classes (no cycles), sometimes base, sometimes relative
                var parents = new YList();
                int parentCount = i == 0 ? 0 : rng.Next(4);
                for (int j = 0; j < parentCount; j++)
                {
                    var target = rng.NextDouble() < 0.1 ? "base" : names[rng.Next(i)];
                    var spelled = rng.NextDouble() < 0.3 ? Relative(names[i], target) ?? target : target;
                    if (!parents.Contains(spelled)) parents.Add(spelled);
                }
                if (ctx.InjectMissingClass && i == names.Count - 1) parents.Add("service.does.not.exist");
                if (parents.Count > 0) cls.Add(new KeyValuePair<string, object>("classes", parents));

                var apps = new YList();
                for (int j = rng.Next(3); j > 0; j--)
                {
                    var app = Apps[rng.Next(Apps.Length)];
                    var spelled = rng.NextDouble() < 0.2 ? "~" + app : app;
                    if (!apps.Contains(spelled)) apps.Add(spelled);
                }
                if (apps.Count > 0) cls.Add(new KeyValuePair<string, object>("applications", apps));

                var p = new YMap();
                AddRandomWrites(ctx, p, 1 + rng.Next(5));
                if (rng.NextDouble() < 0.3 || (!queryPlaced && i == names.Count - 1))
                {
                    queryPlaced = true;
                    if (rng.NextDouble() < 0.6) SetPath(p, new[] { "mon", "hosts" }, ValueQueries[rng.Next(ValueQueries.Length)], null);
                    else SetPath(p, new[] { "mon", "list" }, ListQueries[rng.Next(ListQueries.Length)], null);
                }
                else if (rng.NextDouble() < 0.08)
                {
                    // plain values merged with query results
                    if (rng.NextDouble() < 0.5) SetPath(p, new[] { "mon", "hosts" }, new YMap { { "static", "192.0.2.1" } }, null);
                    else SetPath(p, new[] { "mon", "list" }, new YList { "static" }, null);
                }
                if (ctx.InjectMissingRef && i == names.Count / 2)
                    SetPath(p, new[] { "svcC", "msg" }, "broken-${_param:does_not_exist}", null);
                if (ctx.InjectTypeClash && i == names.Count / 2)
                    SetPath(p, new[] { "svcA", "server", "port" }, new YList { 1, 2 }, null);
                if (ctx.InjectConstant && i == names.Count - 1)
                    SetPath(p, new[] { "svcB", "name" }, "changed", null);
                if (ctx.InjectLoop && i == names.Count - 1)
                {
                    SetPath(p, new[] { "_param", "p1" }, "${svcC:msg}", null);
                    SetPath(p, new[] { "svcC", "msg" }, "loop-${_param:p1}", null);
                }
                if (p.Count > 0 || rng.NextDouble() < 0.5) cls.Add(new KeyValuePair<string, object>("parameters", p.Count > 0 ? p : null));

                if (rng.NextDouble() < 0.25)
                {
                    var ex = new YMap();
                    if (rng.NextDouble() < 0.6) ex.Add(new KeyValuePair<string, object>("extra", LiteralScalar(ctx)));
                    else ex.Add(new KeyValuePair<string, object>("tags", new YList { Words[rng.Next(4)] }));
                    cls.Add(new KeyValuePair<string, object>("exports", ex));
                }
                WriteClass(ctx, folder, names[i], cls, rng.NextDouble() < 0.25);
            }
            ctx.Result.Classes.AddRange(names);

            // ---- nodes
            int nodeCount = 3 + rng.Next(6);
            var nodeNames = new List<string>();
            guard = 0;
            while (nodeNames.Count < nodeCount && guard++ < 1000)
            {
                var role = Roles[rng.Next(Roles.Length)];
                var n = rng.Next(4);
                var name = n switch
                {
                    0 => $"{role}{rng.Next(1, 20):00}",
                    1 => $"{role}{rng.Next(1, 20):00}.lab.local",
                    2 => $"n{rng.Next(100)}",
                    _ => $"{role}-{rng.Next(1, 20)}.{(rng.NextDouble() < 0.5 ? "prod" : "dev")}.example.com",
                };
                if (!nodeNames.Contains(name)) nodeNames.Add(name);
            }
            for (int k = 0; k < nodeNames.Count; k++)
            {
                var name = nodeNames[k];
                var node = new YMap();
                if (ctx.Envs.Count > 0 && rng.NextDouble() < 0.4)
                    node.Add(new KeyValuePair<string, object>("environment", ctx.Envs[rng.Next(ctx.Envs.Count)]));

                var classes = new YList();
                if (!ctx.MappingBase || rng.NextDouble() < 0.2) classes.Add("base");
                if (profiles > 0 && rng.NextDouble() < 0.35)
                {
                    classes.Add("profile.p" + rng.Next(profiles));
                    classes.Add("role.${_cls:role}");
                }
                else if (rng.NextDouble() < 0.9)
                {
                    classes.Add("role." + Roles[rng.Next(Roles.Length)]);
                }
                int extra = 1 + rng.Next(3);
                for (int j = 0; j < extra; j++)
                {
                    var c = names[rng.Next(names.Count)];
                    if (!classes.Contains(c)) classes.Add(c);
                }
                if (rng.NextDouble() < 0.15) classes.Insert(classes.Count > 1 ? 1 : 0, names[rng.Next(names.Count)]);
                if (ctx.InjectMissingClass && k == 0) classes.Add("system.missing.klass");
                node.Add(new KeyValuePair<string, object>("classes", classes));

                if (rng.NextDouble() < 0.4)
                {
                    var apps = new YList();
                    var app = Apps[rng.Next(Apps.Length)];
                    apps.Add(rng.NextDouble() < 0.5 ? "~" + app : app);
                    node.Add(new KeyValuePair<string, object>("applications", apps));
                }

                var p = new YMap();
                SetPath(p, new[] { "_param", "ip" }, $"10.{k}.{rng.Next(256)}.{rng.Next(1, 255)}", null);
                AddRandomWrites(ctx, p, rng.Next(4));
                node.Add(new KeyValuePair<string, object>("parameters", p));
                if (rng.NextDouble() < 0.15)
                    node.Add(new KeyValuePair<string, object>("exports", new YMap { { "extra", "${_param:ip}" } }));

                var sub = rng.NextDouble() < 0.3 ? (rng.NextDouble() < 0.5 ? "site1" : "site2/rack" + rng.Next(2)) : null;
                var dir = sub == null ? Path.Combine(folder, "nodes") : Path.Combine(folder, "nodes", sub);
                Directory.CreateDirectory(dir);
                WriteYaml(Path.Combine(dir, name + (rng.NextDouble() < 0.1 ? ".yaml" : ".yml")), node);
            }
            ctx.Result.Nodes.AddRange(nodeNames.OrderBy(n => n, StringComparer.Ordinal));
            return ctx.Result;
        }

        /// `.x`/`..x` spelling of <paramref name="target"/> as reclass resolves it from
        /// class <paramref name="from"/> (relative to the parent of the class NAME), or null.
        private static string Relative(string from, string target)
        {
            var parts = from.Split('.');
            for (int up = 1; up <= 2 && up < parts.Length; up++)
            {
                var prefix = string.Join(".", parts.Take(parts.Length - up));
                if (target.StartsWith(prefix + ".", StringComparison.Ordinal) && target.Length > prefix.Length + 1)
                    return new string('.', up) + target.Substring(prefix.Length + 1);
            }
            return null;
        }

        private static void AddRandomWrites(Ctx ctx, YMap parameters, int count)
        {
            var rng = ctx.Rng;
            var used = new HashSet<string>();
            for (int n = 0; n < count; n++)
            {
                var candidates = Pool.Where(s => s.Kind != Kind.Query && s.Kind != Kind.ListQuery && s.Kind != Kind.Ip).ToList();
                var spec = candidates[rng.Next(candidates.Count)];
                if (!used.Add(spec.Path)) continue;
                char? prefix = spec.Kind != Kind.Sel && rng.NextDouble() < 0.1 ? '~' : (char?)null;
                SetPath(parameters, spec.Keys, ValueFor(ctx, spec), prefix);
            }
        }

        private static void SetPath(YMap map, string[] keys, object value, char? prefix)
        {
            var cur = map;
            for (int i = 0; i < keys.Length - 1; i++)
            {
                var next = cur.Get(keys[i]) as YMap;
                if (next == null)
                {
                    next = new YMap();
                    cur.Set(keys[i], next);
                }
                cur = next;
            }
            var last = keys[keys.Length - 1];
            // one spelling per key and map: drop another prefix's entry for the same key
            cur.RemoveAll(p => p.Key.TrimStart('~', '=') == last);
            cur.Set(prefix.HasValue ? prefix.Value + last : last, value);
        }

        private static object ValueFor(Ctx ctx, PathSpec spec)
        {
            var rng = ctx.Rng;
            switch (spec.Kind)
            {
                case Kind.Sel:
                    return "p" + rng.Next(6);
                case Kind.Scalar:
                {
                    double r = rng.NextDouble();
                    if (r < 0.5) return LiteralScalar(ctx);
                    if (r < 0.75) return "${" + RefScalarTarget(ctx, spec) + "}";
                    if (r < 0.92) return MixedString(ctx, spec);
                    if (spec.Index > IndexOf("_param:sel")) return "${_param:${_param:sel}}";
                    return LiteralScalar(ctx);
                }
                case Kind.List:
                {
                    var earlier = Pool.Where(s => s.Kind == Kind.List && s.Index < spec.Index).ToList();
                    if (earlier.Count > 0 && rng.NextDouble() < 0.25) return "${" + earlier[rng.Next(earlier.Count)].Path + "}";
                    return LiteralList(ctx, spec);
                }
                case Kind.Dict:
                {
                    var earlier = Pool.Where(s => s.Kind == Kind.Dict && s.Index < spec.Index).ToList();
                    if (earlier.Count > 0 && rng.NextDouble() < 0.25) return "${" + earlier[rng.Next(earlier.Count)].Path + "}";
                    return LiteralDict(ctx, spec);
                }
                case Kind.ListDict:
                    return LiteralListDict(ctx);
                case Kind.LitList:
                case Kind.LitDict:
                    return LiteralFor(ctx, spec, false);
                default:
                    return LiteralFor(ctx, spec, false);
            }
        }

        private static object LiteralFor(Ctx ctx, PathSpec spec, bool forBase)
        {
            var rng = ctx.Rng;
            switch (spec.Kind)
            {
                case Kind.Sel: return "p" + rng.Next(6);
                case Kind.Ip: return "0.0.0.0";
                case Kind.Scalar: return forBase && spec.Path == "svcA:server:port" ? (object)80 : LiteralScalar(ctx);
                case Kind.List: return LiteralList(ctx, spec);
                case Kind.Dict: return LiteralDict(ctx, spec);
                case Kind.ListDict: return LiteralListDict(ctx);
                case Kind.LitList:
                {
                    var list = new YList();
                    for (int n = rng.Next(4); n > 0; n--) list.Add(LiteralScalar(ctx, plain: true));
                    return list;
                }
                case Kind.LitDict:
                {
                    var map = new YMap();
                    foreach (var k in new[] { "k1", "k2", "k3" })
                        if (rng.NextDouble() < 0.6) map.Add(k, LiteralScalar(ctx, plain: true));
                    return map;
                }
                default: return null;
            }
        }

        private static int IndexOf(string path) => Pool.First(p => p.Path == path).Index;

        private static string RefScalarTarget(Ctx ctx, PathSpec spec)
        {
            var rng = ctx.Rng;
            var targets = Pool.Where(s => (s.Kind == Kind.Scalar || s.Kind == Kind.Sel || s.Kind == Kind.Ip) && s.Index < spec.Index)
                              .Select(s => s.Path).ToList();
            targets.Add("_reclass_:name:short");
            targets.Add("_reclass_:name:full");
            targets.Add("_reclass_:environment");
            targets.Add("svcD:version");
            if (spec.Index > IndexOf("svcB:members")) targets.Add("svcB:members:0:name");
            if (spec.Index > IndexOf("svcB:conf")) targets.Add("svcB:conf:a");
            if (spec.Index > IndexOf("svcA:opts")) targets.Add("svcA:opts:a");
            // through a dict that may itself be a reference to another dict
            if (spec.Index > IndexOf("svcC:copy_dict")) targets.Add("svcC:copy_dict:a");
            return targets[rng.Next(targets.Count)];
        }

        private static string MixedString(Ctx ctx, PathSpec spec)
        {
            var rng = ctx.Rng;
            var sb = new StringBuilder();
            int parts = 1 + rng.Next(3);
            for (int i = 0; i < parts; i++)
            {
                if (i > 0 || rng.NextDouble() < 0.6) sb.Append(new[] { "x", "-", "pre ", "/", ":" }[rng.Next(5)]);
                // now and then a whole container in a string: Python repr of a list or dict.
                // Only containers that never hold references: reclass str()s a container
                // before rendering references inside it, printing reprs of its internal
                // objects (with memory addresses) - see fixture 65.
                var containers = Pool.Where(s => (s.Kind == Kind.ListDict || s.Kind == Kind.LitList || s.Kind == Kind.LitDict) && s.Index < spec.Index).ToList();
                if (containers.Count > 0 && rng.NextDouble() < 0.12)
                    sb.Append("${").Append(containers[rng.Next(containers.Count)].Path).Append('}');
                else
                    sb.Append("${").Append(RefScalarTarget(ctx, spec)).Append('}');
            }
            if (rng.NextDouble() < 0.5) sb.Append(new[] { "y", ".conf", " post", "" }[rng.Next(4)]);
            if (rng.NextDouble() < 0.08) sb.Append(" \\${escaped}");
            // a doubled escape: a literal backslash followed by the referenced value
            if (rng.NextDouble() < 0.05) sb.Append(" \\\\${").Append(RefScalarTarget(ctx, spec)).Append('}');
            return sb.ToString();
        }

        /// A literal scalar. <paramref name="plain"/> leaves out escaped references: reclass
        /// parses "\${x}" to a composite item, which next to a plain scalar of the same
        /// key stays unrendered and shows up as a ValueList repr in mixed strings.
        private static object LiteralScalar(Ctx ctx, bool plain = false)
        {
            var rng = ctx.Rng;
            double r = rng.NextDouble();
            if (plain && r >= 0.82 && r < 0.86) r = 0.1;
            if (r < 0.32) return Words[rng.Next(Words.Length)];
            if (r < 0.52) return rng.NextDouble() < 0.2 ? -rng.Next(1000) : rng.Next(70000);
            if (r < 0.62) return rng.NextDouble() < 0.5;
            if (r < 0.72) return new YFloat(Floats[rng.Next(Floats.Length)]);
            if (r < 0.74 || (r >= 0.89 && r < 0.95)) return new YFloat(PlainSpellings[rng.Next(PlainSpellings.Length)]);
            if (r < 0.76) return null;
            if (r < 0.79) return "";
            if (r < 0.82) return BigInteger.Parse("12345678901234567890", CultureInfo.InvariantCulture);
            if (r < 0.86) return "\\${_param:p0}";
            if (r < 0.89) return "cost $5 and 100%";
            return Words[rng.Next(Words.Length)] + rng.Next(10);
        }

        private static YList LiteralList(Ctx ctx, PathSpec spec)
        {
            var rng = ctx.Rng;
            var list = new YList();
            int n = rng.Next(4);
            for (int i = 0; i < n; i++)
                list.Add(rng.NextDouble() < 0.25 ? "${" + RefScalarTarget(ctx, spec) + "}" : LiteralScalar(ctx));
            return list;
        }

        private static YMap LiteralDict(Ctx ctx, PathSpec spec)
        {
            var rng = ctx.Rng;
            var map = new YMap();
            foreach (var k in DictKeysScalar)
                if (k == "a" || rng.NextDouble() < 0.5)   // "a" always: ${svcB:conf:a} must resolve
                    map.Add(new KeyValuePair<string, object>(k, rng.NextDouble() < 0.2 ? "${" + RefScalarTarget(ctx, spec) + "}" : LiteralScalar(ctx)));
            if (rng.NextDouble() < 0.3)
            {
                var inner = new YMap();
                if (rng.NextDouble() < 0.7) inner.Add(new KeyValuePair<string, object>("x", LiteralScalar(ctx)));
                if (rng.NextDouble() < 0.5) inner.Add(new KeyValuePair<string, object>("y", LiteralScalar(ctx)));
                map.Add(new KeyValuePair<string, object>("d", inner));
            }
            if (rng.NextDouble() < 0.25) map.Add(new KeyValuePair<string, object>("e", LiteralList(ctx, spec)));
            return map;
        }

        private static YList LiteralListDict(Ctx ctx)
        {
            var rng = ctx.Rng;
            var list = new YList();
            int n = 1 + rng.Next(2);
            for (int i = 0; i < n; i++)
                list.Add(new YMap { { "name", "m" + rng.Next(10) }, { "v", rng.Next(100) } });   // never references
            return list;
        }

        // ---- writing -----------------------------------------------------------------

        private static void WriteClass(Ctx ctx, string folder, string name, YMap content, bool asInit)
        {
            var parts = name.Split('.');
            var classesDir = Path.Combine(folder, "classes");
            string file;
            var ext = ctx.Rng.NextDouble() < 0.1 ? ".yaml" : ".yml";
            if (asInit)
                file = Path.Combine(classesDir, Path.Combine(parts), "init" + ext);
            else
                file = Path.Combine(classesDir, Path.Combine(parts.Take(parts.Length - 1).ToArray()), parts[parts.Length - 1] + ext);
            Directory.CreateDirectory(Path.GetDirectoryName(file));
            WriteYaml(file, content);
        }

        private static void WriteYaml(string file, YMap map)
        {
            var sb = new StringBuilder();
            EmitMap(sb, map, 0);
            File.WriteAllText(file, sb.ToString(), new UTF8Encoding(false));
        }

        private static void EmitMap(StringBuilder sb, YMap map, int indent)
        {
            foreach (var pair in map)
            {
                sb.Append(' ', indent).Append(Key(pair.Key)).Append(':');
                EmitValueAfterKey(sb, pair.Value, indent);
            }
        }

        private static void EmitValueAfterKey(StringBuilder sb, object value, int indent)
        {
            if (value is YMap m && m.Count > 0) { sb.Append('\n'); EmitMap(sb, m, indent + 2); }
            else if (value is YList l && l.Count > 0) { sb.Append('\n'); EmitList(sb, l, indent + 2); }
            else sb.Append(' ').Append(Scalar(value)).Append('\n');
        }

        private static void EmitList(StringBuilder sb, YList list, int indent)
        {
            foreach (var item in list)
            {
                if (item is YMap m && m.Count > 0)
                {
                    var inner = new StringBuilder();
                    EmitMap(inner, m, indent + 2);
                    var text = inner.ToString();
                    sb.Append(' ', indent).Append("- ").Append(text.Substring(indent + 2));
                }
                else if (item is YList l && l.Count > 0)
                {
                    sb.Append(' ', indent).Append("-\n");
                    EmitList(sb, l, indent + 2);
                }
                else
                {
                    sb.Append(' ', indent).Append("- ").Append(Scalar(item)).Append('\n');
                }
            }
        }

        private static string Key(string key)
        {
            foreach (var c in key)
                if (!(char.IsLetterOrDigit(c) && c < 128) && c != '_') return Quote(key);
            return key.Length == 0 || char.IsDigit(key[0]) ? Quote(key) : key;
        }

        private static string Scalar(object value)
        {
            switch (value)
            {
                case null: return "~";
                case bool b: return b ? "true" : "false";
                case int i: return i.ToString(CultureInfo.InvariantCulture);
                case long l: return l.ToString(CultureInfo.InvariantCulture);
                case BigInteger bi: return bi.ToString(CultureInfo.InvariantCulture);
                case YFloat f: return f.Text;
                case YMap _: return "{}";
                case YList _: return "[]";
                case string s: return Quote(s);
                default: throw new ArgumentException("cannot emit " + value.GetType());
            }
        }

        private static string Quote(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\t': sb.Append("\\t"); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
