using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using McpModule.Generator;
using McpModule.Model;
using McpModule.Model.Caching;
using McpModule.Model.Data;
using McpModule.Templates;
using Xunit;

namespace McpModule.Tests.Model
{
    /// The render cache (RenderCacheFile): renders read back are the renders made, value types
    /// and order included, and are used only for the very files (bytes, names, places), settings
    /// and path they were made from.
    public sealed class RenderCacheTests
    {
        // A value with its type, to the last bit: a long read back as an int, or a map's order or
        // source, would show.
        private static string Typed(object v) => v switch
        {
            null => "null",
            string s => "s:" + s,
            bool b => "b:" + b,
            long l => "l:" + l.ToString(CultureInfo.InvariantCulture),
            int i => "i:" + i.ToString(CultureInfo.InvariantCulture),
            BigInteger big => "big:" + big.ToString(CultureInfo.InvariantCulture),
            double d => "d:" + BitConverter.DoubleToInt64Bits(d).ToString(CultureInfo.InvariantCulture),
            OrderedMap m => "{" + m.Uri + "|" + string.Join(",", m.Select(kv => kv.Key + "=" + Typed(kv.Value))) + "}",
            List<object> list => "[" + string.Join(",", list.Select(Typed)) + "]",
            _ => throw new InvalidOperationException(v.GetType().FullName),
        };

        private static string Whole(ReclassModel model, RenderedNode n) => string.Join("\n",
            n.Name, n.EntityName, n.Uri, Typed(n.EnvironmentValue), n.Environment, string.Join(",", n.Classes), string.Join(",", n.Applications),
            string.Join(",", n.ClassesRead), n.AsksInventory, string.Join(",", model.ListedClasses(n.Name)), Typed(n.Parameters), Typed(n.Exports));

        private static string Generated()
        {
            var root = Path.Combine(Path.GetTempPath(), "mcp-rcache-" + Guid.NewGuid().ToString("N"));
            var spec = new McpClusterSpec { Name = "lab", Domain = "lab.local", Template = McpTemplateNames.OpenstackOvs, Ceph = true, StackLight = true };
            McpModelWriter.Write(McpModelGenerator.Generate(McpClusterDesigner.Design(spec)), root, force: false);
            return root;
        }

        private static string CacheOf(string root) => Path.Combine(root, ".mcp", "render-cache");

        /// Renders every node of the model at root and writes them; their inputs.
        private static RenderInputs RenderAndSave(string root)
        {
            var model = ReclassModel.Open(root);
            var key = RenderCacheFile.InputsOf(model);
            foreach (var n in model.NodeNames) model.Render(n);
            Assert.Equal(model.NodeNames.Count, RenderCacheFile.Save(model, key, CacheOf(root)));
            return key;
        }

        [Fact]
        public void A_generated_model_reads_back_as_rendered()
        {
            var root = Generated();
            try
            {
                var fresh = ReclassModel.Open(root);
                var expected = fresh.NodeNames.ToDictionary(n => n, n => Whole(fresh, fresh.Render(n)));
                RenderAndSave(root);

                var model = ReclassModel.Open(root);
                var key = RenderCacheFile.InputsOf(model);
                Assert.Equal(model.NodeNames.Count, RenderCacheFile.Load(model, key, CacheOf(root)));
                foreach (var n in model.NodeNames)
                {
                    Assert.True(model.HasRendered(n));
                    Assert.Equal(expected[n], Whole(model, model.Render(n)));
                }
            }
            finally { Directory.Delete(root, true); }
        }

        [Fact]
        public void Inventory_queries_and_every_value_type_read_back_as_rendered()
        {
            // An inventory query ($[...]) and values of every type reclass gives: a long, an int
            // past it (BigInteger), floats, booleans, null, nested lists and maps.
            using var inv = new TempInventory(
                ("classes/common.yml", "parameters:\n  exp:\n    role: ${_param:role}\n  values:\n    big: 123456789012345678901234567890\n    long: -9223372036854775808\n    float: 1.5e300\n    inf: .inf\n    nan: .nan\n    'yes': true\n    'no': false\n    none: null\n    text: 'a ''quoted'' ünïcode text'\n    list: [1, [2, {k: v}], ~]\n    empty_map: {}\n    empty_list: []\nexports:\n  role: ${_param:role}\n"),
                ("nodes/a.yml", "classes:\n- common\nparameters:\n  _param:\n    role: db\n  peers: $[ exports:role ]\n"),
                ("nodes/b.yml", "classes:\n- common\nparameters:\n  _param:\n    role: web\n  peers: $[ exports:role ]\n"));
            var fresh = ReclassModel.Open(inv.Root);
            var expected = fresh.NodeNames.ToDictionary(n => n, n => Whole(fresh, fresh.Render(n)));
            Assert.True(fresh.Render("a").AsksInventory);
            RenderAndSave(inv.Root);
            var model = ReclassModel.Open(inv.Root);
            Assert.Equal(2, RenderCacheFile.Load(model, RenderCacheFile.InputsOf(model), CacheOf(inv.Root)));
            foreach (var n in model.NodeNames) Assert.Equal(expected[n], Whole(model, model.Render(n)));
        }

        [Fact]
        public void An_edit_that_keeps_the_size_and_time_is_a_new_key()
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/n.yml", "classes:\n- c\n"));
            var key = RenderAndSave(inv.Root);
            var file = inv.File("classes/c.yml");
            var time = File.GetLastWriteTimeUtc(file);
            File.WriteAllText(file, "parameters:\n  x: 2\n");
            File.SetLastWriteTimeUtc(file, time);

            var model = ReclassModel.Open(inv.Root);
            var now = RenderCacheFile.InputsOf(model);
            Assert.NotEqual(Convert.ToBase64String(key.Key), Convert.ToBase64String(now.Key));
            Assert.Equal(0, RenderCacheFile.Load(model, now, CacheOf(inv.Root)));
            Assert.Equal(2L, model.Render("n").Parameters["x"]);
        }

        /// Renders every node again after change and loads the cache written before it; the nodes
        /// kept from the cache, and checks every node renders as a model that never had a cache.
        private static string[] KeptAfter(string root, Action change)
        {
            RenderAndSave(root);
            change();
            var model = ReclassModel.Open(root);
            RenderCacheFile.Load(model, RenderCacheFile.InputsOf(model), CacheOf(root));
            var kept = model.NodeNames.Where(model.HasRendered).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            var fresh = ReclassModel.Open(root);
            foreach (var n in fresh.NodeNames) Assert.Equal(Whole(fresh, fresh.Render(n)), Whole(model, model.Render(n)));
            return kept;
        }

        [Fact]
        public void An_edit_renders_again_only_the_nodes_that_read_the_file()
        {
            using var inv = new TempInventory(("classes/a.yml", "parameters:\n  x: 1\n"), ("classes/b.yml", "parameters:\n  y: 1\n"),
                ("classes/both.yml", "classes:\n- a\n- b\n"),
                ("nodes/na.yml", "classes:\n- a\n"), ("nodes/nb.yml", "classes:\n- b\n"), ("nodes/nboth.yml", "classes:\n- both\n"),
                ("nodes/sub/nc.yml", "classes:\n- b\n"));
            Assert.Equal(new[] { "na" }, KeptAfter(inv.Root, () => File.WriteAllText(inv.File("classes/b.yml"), "parameters:\n  y: 2\n")));
            // a node's own file, and one moved to another folder (class mappings can match the path)
            Assert.Equal(new[] { "nb", "nboth", "nc" }, KeptAfter(inv.Root, () => File.WriteAllText(inv.File("nodes/na.yml"), "classes:\n- a\nparameters:\n  z: 1\n")));
            Assert.Equal(new[] { "na", "nb", "nboth" }, KeptAfter(inv.Root, () =>
            {
                Directory.CreateDirectory(inv.File("nodes/other"));
                File.Move(inv.File("nodes/sub/nc.yml"), inv.File("nodes/other/nc.yml"));
            }));
            // an edit that is undone is no edit
            var text = File.ReadAllText(inv.File("classes/a.yml"));
            Assert.Equal(new[] { "na", "nb", "nboth", "nc" }, KeptAfter(inv.Root, () => File.WriteAllText(inv.File("classes/a.yml"), text)));
        }

        [Fact]
        public void A_class_looked_up_and_not_found_that_appears_renders_the_node_again()
        {
            using var inv = new TempInventory(("reclass-config.yml", "ignore_class_notfound: true\n"),
                ("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/n.yml", "classes:\n- c\n- later\n"), ("nodes/m.yml", "classes:\n- c\n"));
            Assert.Equal(new[] { "m" }, KeptAfter(inv.Root, () => File.WriteAllText(inv.File("classes/later.yml"), "parameters:\n  y: 1\n")));
            Assert.Equal(1L, ReclassModel.Open(inv.Root).Render("n").Parameters["y"]);
            // the class as a folder's init.yml instead: another place
            Assert.Equal(new[] { "m" }, KeptAfter(inv.Root, () =>
            {
                File.Delete(inv.File("classes/later.yml"));
                Directory.CreateDirectory(inv.File("classes/later"));
                File.WriteAllText(inv.File("classes/later/init.yml"), "parameters:\n  y: 1\n");
            }));
        }

        [Fact]
        public void A_node_that_queries_the_inventory_renders_again_after_any_edit_and_settings_change_all()
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\nexports:\n  x: ${x}\n"), ("classes/d.yml", "parameters:\n  y: 1\n"),
                ("nodes/q.yml", "classes:\n- c\nparameters:\n  all: $[ exports:x ]\n"), ("nodes/n.yml", "classes:\n- c\n"), ("nodes/m.yml", "classes:\n- d\n"));
            Assert.Equal(new[] { "n" }, KeptAfter(inv.Root, () => File.WriteAllText(inv.File("classes/d.yml"), "parameters:\n  y: 2\n")));
            Assert.Empty(KeptAfter(inv.Root, () => File.WriteAllText(inv.File("reclass-config.yml"), "ignore_class_notfound: true\n")));
        }

        [Theory]
        [InlineData("a new class file", "add")]
        [InlineData("a class file renamed", "rename")]
        [InlineData("the reclass settings", "settings")]
        [InlineData("the model's place", "move")]
        public void Any_input_of_a_render_is_part_of_the_key(string what, string change)
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("classes/d.yml", "parameters:\n  y: 1\n"),
                                              ("nodes/n.yml", "classes:\n- c\n"));
            var before = Convert.ToBase64String(RenderCacheFile.InputsOf(ReclassModel.Open(inv.Root)).Key);
            var root = inv.Root;
            switch (change)
            {
                case "add": File.WriteAllText(inv.File("classes/e.yml"), "parameters: {}\n"); break;
                case "rename": File.Move(inv.File("classes/d.yml"), inv.File("classes/d2.yml")); break;
                case "settings": File.WriteAllText(inv.File("reclass-config.yml"), "ignore_class_notfound: true\n"); break;
                case "move":
                    root = inv.Root + "-moved";
                    CopyTree(inv.Root, root);
                    break;
            }
            try
            {
                var after = Convert.ToBase64String(RenderCacheFile.InputsOf(ReclassModel.Open(root)).Key);
                Assert.True(before != after, what + " did not change the key");
            }
            finally { if (root != inv.Root) Directory.Delete(root, true); }
        }

        private static void CopyTree(string from, string to)
        {
            foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(dir.Replace(from, to));
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, file.Replace(from, to));
        }

        [Theory]
        [InlineData("a byte of the body changed")]
        [InlineData("cut short")]
        [InlineData("another build")]
        [InlineData("another frame")]
        [InlineData("not a cache file")]
        [InlineData("empty")]
        public void A_file_that_does_not_read_as_written_is_not_used(string damage)
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/n.yml", "classes:\n- c\n"));
            var key = RenderAndSave(inv.Root);
            var path = CacheOf(inv.Root);
            var bytes = File.ReadAllBytes(path);
            const int build = 8 + 4;   // after the magic and the format version
            switch (damage)
            {
                case "a byte of the body changed": bytes[build + 16 + 64 + 10] ^= 0x20; break;
                case "cut short": Array.Resize(ref bytes, bytes.Length - 40); break;
                case "another build": bytes[build] ^= 0xFF; break;
                case "another frame":   // another model path or reclass settings
                    var frame = (byte[])key.Frame.Clone();
                    frame[0] ^= 1;
                    key = new RenderInputs(frame, key.Key, key.Files.ToDictionary(f => f.Key, f => f.Value));
                    break;
                case "not a cache file": bytes = Encoding.UTF8.GetBytes("parameters: {}\n"); break;
                case "empty": bytes = Array.Empty<byte>(); break;
            }
            File.WriteAllBytes(path, bytes);
            var model = ReclassModel.Open(inv.Root);
            Assert.Equal(0, RenderCacheFile.Load(model, key, path));
            Assert.False(model.HasRendered("n"));
            Assert.Equal(1L, model.Render("n").Parameters["x"]);
        }

        [Fact]
        public void Equal_subtrees_read_back_as_one_object_and_only_equal_ones()
        {
            // Two nodes share a subtree; beside it, subtrees that look alike but differ in a type
            // (1, 1.0, '1'), a double's sign or key order must each stay what it was (Whole: with
            // each map's source).
            using var inv = new TempInventory(
                ("classes/common.yml", "parameters:\n  same:\n    k: [1, {a: b}]\n  zero: {z: 0.0}\nexports:\n  same:\n    k: [1, {a: b}]\n"),
                ("classes/other.yml", "parameters:\n  same:\n    k: [1, {a: b}]\n"),
                ("nodes/a.yml", "classes:\n- common\nparameters:\n  t: {k: 1}\n  o: {x: 1, y: 2}\n  f: {z: 0.0}\n"),
                ("nodes/b.yml", "classes:\n- common\nparameters:\n  t: {k: '1'}\n  o: {y: 2, x: 1}\n  f: {z: -0.0}\n"),
                ("nodes/c.yml", "classes:\n- other\nparameters:\n  t: {k: 1.0}\n"));
            var fresh = ReclassModel.Open(inv.Root);
            var expected = fresh.NodeNames.ToDictionary(n => n, n => Whole(fresh, fresh.Render(n)));
            RenderAndSave(inv.Root);
            var model = ReclassModel.Open(inv.Root);
            Assert.Equal(3, RenderCacheFile.Load(model, RenderCacheFile.InputsOf(model), CacheOf(inv.Root)));
            foreach (var n in model.NodeNames) Assert.Equal(expected[n], Whole(model, model.Render(n)));
            OrderedMap P(string node) => model.Render(node).Parameters;
            Assert.Same(P("a")["same"], P("b")["same"]);
            Assert.Same(P("a")["zero"], P("b")["zero"]);
            Assert.NotSame(P("a")["t"], P("b")["t"]);
            Assert.NotSame(P("a")["t"], P("c")["t"]);
            Assert.NotSame(P("a")["o"], P("b")["o"]);
            Assert.NotSame(P("a")["f"], P("b")["f"]);
            // Exports are other nodes' query results: never shared with a pillar.
            Assert.NotSame(P("a")["same"], model.Render("a").Exports["same"]);
            Assert.NotSame(model.Render("a").Exports["same"], model.Render("b").Exports["same"]);
        }

        [Fact]
        public void Definitions_whose_hashes_collide_are_told_apart_by_their_bytes()
        {
            // Every definition hashed alike: the writer must still share only equal ones.
            using var inv = new TempInventory(
                ("classes/common.yml", "parameters:\n  same: {k: [1, {a: b}]}\n  other: {k: [2, {a: c}]}\n"),
                ("nodes/a.yml", "classes:\n- common\nparameters:\n  t: {k: 1}\n"), ("nodes/b.yml", "classes:\n- common\nparameters:\n  t: {k: '1'}\n"));
            var fresh = ReclassModel.Open(inv.Root);
            var expected = fresh.NodeNames.ToDictionary(n => n, n => Whole(fresh, fresh.Render(n)));
            var written = ReclassModel.Open(inv.Root);
            var inputs = RenderCacheFile.InputsOf(written);
            foreach (var n in written.NodeNames) written.Render(n);
            Assert.Equal(2, RenderCacheFile.Save(written, inputs, CacheOf(inv.Root), (bytes, length) => 42UL));
            var model = ReclassModel.Open(inv.Root);
            Assert.Equal(2, RenderCacheFile.Load(model, RenderCacheFile.InputsOf(model), CacheOf(inv.Root)));
            foreach (var n in model.NodeNames) Assert.Equal(expected[n], Whole(model, model.Render(n)));
            Assert.Same(model.Render("a").Parameters["same"], model.Render("b").Parameters["same"]);
            Assert.NotSame(model.Render("a").Parameters["t"], model.Render("b").Parameters["t"]);
        }

        [Fact]
        public void A_read_gives_the_files_inputs_and_renders_and_stops_when_cancelled()
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/a.yml", "classes:\n- c\n"), ("nodes/b.yml", "classes:\n- c\n"));
            var key = RenderAndSave(inv.Root);
            var read = RenderCacheFile.Read(CacheOf(inv.Root), default);
            Assert.Equal(2, read.Nodes.Count);
            Assert.Equal(Convert.ToBase64String(key.Frame), Convert.ToBase64String(read.Inputs.Frame));
            Assert.Equal(Convert.ToBase64String(key.Key), Convert.ToBase64String(read.Inputs.Key));
            Assert.Equal(key.Files.Count, read.Inputs.Files.Count);
            using var stop = new System.Threading.CancellationTokenSource();
            stop.Cancel();
            Assert.Null(RenderCacheFile.Read(CacheOf(inv.Root), stop.Token));
        }

        [Fact]
        public void A_read_on_another_thread_keeps_the_renders_of_its_frame_when_enabled()
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/a.yml", "classes:\n- c\n"), ("nodes/b.yml", "classes:\n- c\n"));
            var key = RenderAndSave(inv.Root);
            var full = Path.GetFullPath(inv.Root);
            string CacheFile() => RenderCacheFile.PathOf(full);
            var xdg = Path.Combine(inv.Root, "xdg");
            var before = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", xdg);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(CacheFile()));
                File.Copy(CacheOf(inv.Root), CacheFile());
                var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                File.SetLastWriteTimeUtc(CacheFile(), old);

                var off = RenderCacheRead.Start(full, () => false);
                var model = ReclassModel.Open(inv.Root);
                Assert.Equal(0, off.KeepInto(model, key));
                Assert.False(off.Enabled);
                Assert.False(model.HasRendered("a"));
                Assert.Equal(old, File.GetLastWriteTimeUtc(CacheFile()));   // not read, so not used

                var other = RenderCacheRead.Start(full, () => true);
                Assert.Equal(0, other.KeepInto(model, new RenderInputs(new byte[32], key.Key, key.Files.ToDictionary(f => f.Key, f => f.Value))));
                Assert.False(model.HasRendered("a"));

                var broken = RenderCacheRead.Start(full, () => throw new InvalidDataException("settings"));
                Assert.Equal("settings", Assert.Throws<InvalidDataException>(() => broken.KeepInto(model, key)).Message);

                var on = RenderCacheRead.Start(full, () => true);
                Assert.Equal(2, on.KeepInto(model, key));
                Assert.True(on.Enabled);
                Assert.True(model.HasRendered("a") && model.HasRendered("b"));
                Assert.NotEqual(old, File.GetLastWriteTimeUtc(CacheFile()));
            }
            finally { Environment.SetEnvironmentVariable("XDG_CACHE_HOME", before); }
        }

        /// A cache file with a body written by hand, under the model's key and with a right checksum.
        private static string WriteCacheFile(string file, RenderInputs key, MemoryStream body)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file));
            using var f = File.Create(file);
            f.Write(Encoding.ASCII.GetBytes("MCPRENDR"));
            f.Write(BitConverter.GetBytes(4));   // the format version
            f.Write(typeof(RenderCacheFile).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
            f.Write(key.Frame);
            f.Write(key.Key);
            body.WriteTo(f);
            f.Write(System.Security.Cryptography.SHA256.HashData(body.ToArray()));
            return file;
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(0, 0)]
        public void A_map_that_holds_a_key_twice_is_not_used(int secondKey, int kept)
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/n.yml", "classes:\n- c\n"));
            var model = ReclassModel.Open(inv.Root);
            var key = RenderCacheFile.InputsOf(model);
            using var body = new MemoryStream();
            using (var w = new BinaryWriter(body, Encoding.UTF8, true))
            {
                w.Write(2); w.Write("x"); w.Write("y");     // the string table
                w.Write(0);                                  // no inputs
                w.Write(1);                                  // one node
                // parameters: { x: 1, <x or y>: 2 }; exports: {}
                w.Write(Tag.Map); w.Write(-1); w.Write(2); w.Write(0); w.Write(Tag.Int64); w.Write(1L); w.Write(secondKey); w.Write(Tag.Int64); w.Write(2L);
                w.Write(Tag.Map); w.Write(-1); w.Write(0);
                w.Write(Tag.Node);
                w.Write(0); w.Write(0);                      // its name (the string "x"); no listed classes
                w.Write(0); w.Write(-1); w.Write(Tag.Null);
                w.Write(0); w.Write(0); w.Write(0); w.Write(false);
                w.Write(Tag.Ref); w.Write(0);
                w.Write(Tag.Ref); w.Write(1);
            }
            var file = WriteCacheFile(CacheOf(inv.Root), key, body);
            var read = RenderCacheFile.Read(file, default);
            Assert.Equal(kept, read == null ? 0 : read.Nodes.Count);
            if (read != null) Assert.Equal("{|x=l:1,y=l:2}", Typed(read.Nodes[0].Node.Parameters));
        }

        [Theory]
        [InlineData(3, 1)]
        [InlineData(100_000, 0)]
        public void A_file_nested_past_the_engines_bound_is_not_used_and_does_not_crash(int depth, int kept)
        {
            // Hostile: a file with the right header, key and checksum whose value nests 100,000
            // lists deep (no render can: the engine stops at ModelLimits.MaxNestingDepth); the
            // same file 3 deep is read.
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/n.yml", "classes:\n- c\n"));
            var model = ReclassModel.Open(inv.Root);
            var key = RenderCacheFile.InputsOf(model);
            using var body = new MemoryStream();
            using (var w = new BinaryWriter(body, Encoding.UTF8, true))
            {
                w.Write(2); w.Write("n"); w.Write("x");     // the string table
                w.Write(0);                                  // no inputs (the key says they are the model's)
                w.Write(1);                                  // one node
                // its lists: [null], then [[null]] and so on, each holding the one before
                w.Write(Tag.List); w.Write(1); w.Write(Tag.Null);
                for (var i = 1; i < depth; i++) { w.Write(Tag.List); w.Write(1); w.Write(Tag.Ref); w.Write(i - 1); }
                w.Write(Tag.Map); w.Write(-1); w.Write(1); w.Write(1); w.Write(Tag.Ref); w.Write(depth - 1);   // parameters: { x: [[[...]]] }
                w.Write(Tag.Map); w.Write(-1); w.Write(0);  // exports: {}
                w.Write(Tag.Node);
                w.Write(0); w.Write(0);                      // its name; no listed classes
                w.Write(0); w.Write(-1); w.Write(Tag.Null);  // entity name, uri, environment
                w.Write(0); w.Write(0); w.Write(0); w.Write(false);
                w.Write(Tag.Ref); w.Write(depth);            // parameters
                w.Write(Tag.Ref); w.Write(depth + 1);        // exports
            }
            var file = WriteCacheFile(CacheOf(inv.Root), key, body);
            Assert.Equal(kept, RenderCacheFile.Load(model, key, file));
            Assert.Equal(kept == 1, model.HasRendered("n"));
            var x = model.Render("n").Parameters["x"];
            if (kept == 1) Assert.Equal("[[[null]]]", Typed(x));
            else Assert.Equal(1L, x);
        }

        [Fact]
        public void A_node_that_does_not_render_is_not_kept_and_fails_again()
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/good.yml", "classes:\n- c\n"),
                                              ("nodes/bad.yml", "classes:\n- nosuchclass\n"));
            var model = ReclassModel.Open(inv.Root);
            var key = RenderCacheFile.InputsOf(model);
            model.Render("good");
            Assert.Throws<ModelException>(() => model.Render("bad"));
            Assert.Equal(1, RenderCacheFile.Save(model, key, CacheOf(inv.Root)));

            var again = ReclassModel.Open(inv.Root);
            Assert.Equal(1, RenderCacheFile.Load(again, RenderCacheFile.InputsOf(again), CacheOf(inv.Root)));
            Assert.True(again.HasRendered("good"));
            Assert.Throws<ModelException>(() => again.Render("bad"));
        }

        [Fact]
        public void A_folder_that_cannot_be_written_writes_nothing()
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/n.yml", "classes:\n- c\n"));
            File.WriteAllText(inv.File(".mcp"), "a file where the folder would be");
            var model = ReclassModel.Open(inv.Root);
            var key = RenderCacheFile.InputsOf(model);
            model.Render("n");
            Assert.Equal(-1, RenderCacheFile.Save(model, key, CacheOf(inv.Root)));
            Assert.Equal("a file where the folder would be", File.ReadAllText(inv.File(".mcp")));
        }

        [Fact]
        public void The_renders_parse_the_bytes_the_key_was_made_of()
        {
            // A file changed after the key was made: the render is still of the bytes the key
            // holds, so a cache written under that key is true for it.
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/n.yml", "classes:\n- c\n"));
            var model = ReclassModel.Open(inv.Root);
            var key = RenderCacheFile.InputsOf(model);
            File.WriteAllText(inv.File("classes/c.yml"), "parameters:\n  x: 2\n");
            Assert.Equal(1L, model.Render("n").Parameters["x"]);
            Assert.Equal(1, RenderCacheFile.Save(model, key, CacheOf(inv.Root)));
            var now = ReclassModel.Open(inv.Root);
            Assert.Equal(0, RenderCacheFile.Load(now, RenderCacheFile.InputsOf(now), CacheOf(inv.Root)));
            Assert.Equal(2L, now.Render("n").Parameters["x"]);
        }
    }
}
