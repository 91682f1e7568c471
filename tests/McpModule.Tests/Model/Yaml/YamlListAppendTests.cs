using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Model;
using McpModule.Model.Yaml;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.Model.Yaml
{
    /// YamlListAppend edits a model file's text in place: the new lines (or the removed ones) and
    /// not one other byte, and the result reads back as the list it was meant to be.
    public sealed class YamlListAppendTests
    {
        private const string File = "nodes/cmn01.ceph.local.yml";
        private static readonly string[] Disks = { "parameters", "ceph", "osd", "backend", "bluestore", "disks" };

        private static IReadOnlyList<KeyValuePair<string, object>> Item(params (string Key, object Value)[] pairs) =>
            pairs.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)).ToList();

        private static IReadOnlyList<IReadOnlyList<KeyValuePair<string, object>>> Items(params IReadOnlyList<KeyValuePair<string, object>>[] items) => items;

        private static IReadOnlyList<IReadOnlyList<KeyValuePair<string, object>>> Dev(params string[] devs) =>
            devs.Select(d => Item(("dev", d))).ToList();

        private static object At(string text, params string[] path)
        {
            object value = YamlFileReader.Parse(text, File);
            foreach (var key in path)
            {
                var map = Assert.IsType<OrderedMap>(value);
                Assert.True(map.TryGetValue(key, out value), $"no key {key} in the result");
            }
            return value;
        }

        private static List<string> DevsAt(string text, params string[] path) =>
            Assert.IsType<List<object>>(At(text, path)).Cast<OrderedMap>().Select(m => (string)m["dev"]).ToList();

        /// after is before with one span inserted, every other byte the same; the span (taken at
        /// a line start when the insertion point could be read more than one way).
        private static string Inserted(string before, string after)
        {
            Assert.True(after.Length > before.Length, "nothing was inserted");
            var prefix = 0;
            while (prefix < before.Length && before[prefix] == after[prefix]) prefix++;
            var suffix = 0;
            while (suffix < before.Length && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix]) suffix++;
            Assert.True(prefix + suffix >= before.Length, $"the text outside the edit changed:\n{after}");
            var at = prefix;
            for (var i = before.Length - suffix; i <= prefix; i++)
                if (i == 0 || before[i - 1] == '\n') { at = i; break; }
            Assert.Equal(before.Substring(0, at), after.Substring(0, at));
            Assert.Equal(before.Substring(at), after.Substring(after.Length - (before.Length - at)));
            return after.Substring(at, after.Length - before.Length);
        }

        /// The lines removed: before is after with one span more, every other byte the same.
        private static string Removed(string before, string after) => Inserted(after, before);

        // ---- Append: real node files ----

        [Fact]
        public void A_real_node_file_without_ceph_gets_the_whole_path_under_parameters_at_its_indentation()
        {
            var path = Path.Combine(OracleRunner.RepoRoot, "examples", "models", "ceph", "nodes", "cmn01.ceph.local.yml");
            var before = System.IO.File.ReadAllText(path);
            var after = YamlListAppend.Append(before, path, Disks, Dev("/dev/sdb"));
            Assert.StartsWith(before, after, StringComparison.Ordinal);
            Assert.Equal(
                "  ceph:\n" +
                "    osd:\n" +
                "      backend:\n" +
                "        bluestore:\n" +
                "          disks:\n" +
                "            - dev: /dev/sdb\n", Inserted(before, after));
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.Equal("cmn01", At(after, "parameters", "_param", "linux_system_hostname"));
        }

        [Fact]
        public void Every_example_and_fixture_node_file_takes_a_disk_and_keeps_everything_else()
        {
            var files = Directory.GetFiles(Path.Combine(OracleRunner.RepoRoot, "examples", "models"), "*.yml", SearchOption.AllDirectories)
                .Concat(Directory.GetFiles(Path.Combine(OracleRunner.RepoRoot, "tests", "fixtures", "inventories"), "*.yml", SearchOption.AllDirectories))
                .Where(f => f.Contains(Path.DirectorySeparatorChar + "nodes" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .ToList();
            Assert.True(files.Count > 20, "expected the example and fixture node files");
            var appended = 0;
            foreach (var file in files)
            {
                var before = System.IO.File.ReadAllText(file);
                object parsed;
                try { parsed = YamlFileReader.Parse(before, file); }
                catch (ModelException) { continue; }   // fixtures of broken files
                string after;
                try { after = YamlListAppend.Append(before, file, Disks, Dev("/dev/sdz")); }
                catch (FormatException e)
                {
                    // refused, never a wrong file: only for shapes that cannot take the list
                    Assert.True(!(parsed is OrderedMap root) || !(root.TryGetValue("parameters", out var p) && (p is OrderedMap || p == null)) ||
                                e.Message.Contains("flow mapping", StringComparison.Ordinal) || e.Message.Contains("is not a", StringComparison.Ordinal),
                        $"{file}: {e.Message}");
                    continue;
                }
                Inserted(before, after);
                Assert.Equal("/dev/sdz", DevsAt(after, Disks).Last());
                appended++;
            }
            Assert.True(appended > 20, $"only {appended} node files took the disk");
        }

        [Fact]
        public void A_node_file_with_ceph_parameters_gets_the_missing_keys_under_the_deepest_existing_one_mid_file()
        {
            const string before =
                "classes:\n" +
                "- cluster.ceph.osd\n" +
                "parameters:\n" +
                "  ceph:\n" +
                "    osd:\n" +
                "      enabled: true\n" +
                "      crush_parent: rack01\n" +
                "    common:\n" +
                "      fsid: abc\n" +
                "  _param:\n" +
                "    single_address: 10.13.0.11\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Assert.Equal(
                "      backend:\n" +
                "        bluestore:\n" +
                "          disks:\n" +
                "            - dev: /dev/sdb\n", Inserted(before, after));
            Assert.Contains("      crush_parent: rack01\n      backend:\n", after, StringComparison.Ordinal);
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.Equal(true, At(after, "parameters", "ceph", "osd", "enabled"));
            Assert.Equal("abc", At(after, "parameters", "ceph", "common", "fsid"));
        }

        [Fact]
        public void A_file_with_keys_indented_by_four_keeps_four_where_it_knows_them()
        {
            const string before = "parameters:\n    ceph:\n        osd:\n            enabled: true\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Assert.Equal("            backend:\n              bluestore:\n                disks:\n                  - dev: /dev/sdb\n", Inserted(before, after));
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
        }

        // ---- Append: block lists ----

        [Fact]
        public void A_block_list_not_indented_under_its_key_grows_at_the_same_column()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n          - dev: /dev/sdb\n  linux:\n    system: {}\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdc", "/dev/sdd"));
            Assert.Equal("          - dev: /dev/sdc\n          - dev: /dev/sdd\n", Inserted(before, after));
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc", "/dev/sdd" }, DevsAt(after, Disks));
        }

        [Fact]
        public void A_block_list_indented_under_its_key_grows_at_that_indentation()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n            - dev: /dev/sdb\n              db: /dev/nvme0n1\n";
            var after = YamlListAppend.Append(before, File, Disks, Items(Item(("dev", "/dev/sdc"), ("db", "/dev/nvme0n1"), ("dmcrypt", true))));
            Assert.Equal("            - dev: /dev/sdc\n              db: /dev/nvme0n1\n              dmcrypt: true\n", Inserted(before, after));
            var added = Assert.IsType<OrderedMap>(Assert.IsType<List<object>>(At(after, Disks)).Last());
            Assert.Equal(true, added["dmcrypt"]);
            Assert.Equal("/dev/nvme0n1", added["db"]);
        }

        [Fact]
        public void Comments_between_and_after_the_items_stay_and_the_new_item_follows_the_last_one()
        {
            const string before =
                "parameters:\n" +
                "  ceph:\n" +
                "    osd:\n" +
                "      backend:\n" +
                "        bluestore:\n" +
                "          disks:\n" +
                "          # the first HDD\n" +
                "          - dev: /dev/sdb\n" +
                "          # the second HDD\n" +
                "          - dev: /dev/sdc  # slot 2\n" +
                "          # more to come\n" +
                "# end of ceph\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdd"));
            Assert.Equal("          - dev: /dev/sdd\n", Inserted(before, after));
            Assert.Contains("- dev: /dev/sdc  # slot 2\n          - dev: /dev/sdd\n          # more to come\n", after, StringComparison.Ordinal);
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc", "/dev/sdd" }, DevsAt(after, Disks));
        }

        [Fact]
        public void A_last_line_without_a_newline_gets_one_before_the_new_item()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n          - dev: /dev/sdb";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdc"));
            Assert.Equal("\n          - dev: /dev/sdc\n", Inserted(before, after));
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, DevsAt(after, Disks));
        }

        [Fact]
        public void A_file_ending_without_a_newline_gets_the_missing_keys_on_a_line_of_their_own()
        {
            const string before = "classes:\n- cluster.ceph\nparameters:\n  _param:\n    x: 1";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Assert.StartsWith("\n  ceph:\n", Inserted(before, after), StringComparison.Ordinal);
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.Equal(1L, At(after, "parameters", "_param", "x"));
        }

        [Fact]
        public void A_crlf_file_gets_crlf_lines()
        {
            const string before = "classes:\r\n- cluster.ceph\r\nparameters:\r\n  ceph:\r\n    osd:\r\n      backend:\r\n        bluestore:\r\n          disks:\r\n          - dev: /dev/sdb\r\n";
            var after = YamlListAppend.Append(before, File, Disks, Items(Item(("dev", "/dev/sdc"), ("db", "/dev/sdd"))));
            Assert.Equal("          - dev: /dev/sdc\r\n            db: /dev/sdd\r\n", Inserted(before, after));
            Assert.DoesNotContain("\n", after.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, DevsAt(after, Disks));
        }

        [Fact]
        public void A_crlf_file_without_the_path_gets_crlf_keys()
        {
            const string before = "classes:\r\n- cluster.ceph\r\nparameters:\r\n  _param:\r\n    x: 1\r\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Assert.Equal("  ceph:\r\n    osd:\r\n      backend:\r\n        bluestore:\r\n          disks:\r\n            - dev: /dev/sdb\r\n", Inserted(before, after));
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
        }

        [Fact]
        public void Anchors_and_aliases_elsewhere_in_the_file_stay_as_they_are()
        {
            const string before =
                "parameters:\n" +
                "  _param:\n" +
                "    hdd: &hdd /dev/sdb\n" +
                "    rack: &rack {name: r1}\n" +
                "  ceph:\n" +
                "    osd:\n" +
                "      crush: *rack\n" +
                "      backend:\n" +
                "        bluestore:\n" +
                "          disks:\n" +
                "          - dev: *hdd\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdc"));
            Assert.Equal("          - dev: /dev/sdc\n", Inserted(before, after));
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, DevsAt(after, Disks));
            Assert.Equal("r1", ((OrderedMap)At(after, "parameters", "ceph", "osd", "crush"))["name"]);
        }

        // ---- Append: flow lists and empty values ----

        [Fact]
        public void An_empty_flow_list_grows_in_flow_style()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: []\n  other: 1\n";
            var after = YamlListAppend.Append(before, File, Disks, Items(Item(("dev", "/dev/sdb"), ("db", "/dev/sdc")), Item(("dev", "/dev/sdd"))));
            Assert.Equal("{dev: /dev/sdb, db: /dev/sdc}, {dev: /dev/sdd}", Inserted(before, after));
            Assert.Contains("disks: [{dev: /dev/sdb, db: /dev/sdc}, {dev: /dev/sdd}]\n", after, StringComparison.Ordinal);
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdd" }, DevsAt(after, Disks));
        }

        [Fact]
        public void A_flow_list_with_an_item_grows_after_it()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: [{dev: /dev/sdb}]  # one so far\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdc"));
            Assert.Equal(", {dev: /dev/sdc}", Inserted(before, after));
            Assert.EndsWith("disks: [{dev: /dev/sdb}, {dev: /dev/sdc}]  # one so far\n", after, StringComparison.Ordinal);
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, DevsAt(after, Disks));
        }

        [Fact]
        public void A_key_with_no_value_gets_the_list_as_a_block_under_it()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n  linux: {}\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Inserted(before, after);
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.IsType<OrderedMap>(At(after, "parameters", "linux"));
        }

        [Fact]
        public void A_key_with_no_value_at_the_end_of_the_file_gets_the_list_under_it()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Inserted(before, after);
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
        }

        [Fact]
        public void A_parameters_key_with_no_value_gets_the_whole_path()
        {
            const string before = "classes:\n- cluster.ceph\nparameters:\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Inserted(before, after);
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.Equal(new List<object> { "cluster.ceph" }, At(after, "classes"));
        }

        [Theory]
        [InlineData("~")]
        [InlineData("null")]
        public void A_key_with_an_explicit_null_gets_the_list_in_its_place(string nothing)
        {
            var before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: " + nothing + "\n  linux: {}\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.IsType<OrderedMap>(At(after, "parameters", "linux"));
            Assert.DoesNotContain(nothing, after, StringComparison.Ordinal);
            Assert.EndsWith("  linux: {}\n", after, StringComparison.Ordinal);
        }

        [Fact]
        public void A_key_with_no_value_and_a_comment_keeps_the_comment()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:  # filled by Add-McpCephOsd\n  linux: {}\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb"));
            Inserted(before, after);
            Assert.Contains("# filled by Add-McpCephOsd", after, StringComparison.Ordinal);
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
        }

        // ---- Append: values ----

        [Theory]
        [InlineData("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", "\"/dev/disk/by-path/pci-0000:00:1f.2-ata-1\"")]
        [InlineData("/dev/disk/by-id/My Disk", "\"/dev/disk/by-id/My Disk\"")]
        [InlineData("true", "\"true\"")]
        [InlineData("no", "\"no\"")]
        [InlineData("1", "\"1\"")]
        [InlineData("0x1f", "\"0x1f\"")]
        [InlineData("null", "\"null\"")]
        [InlineData("~", "\"~\"")]
        [InlineData("", "\"\"")]
        [InlineData("a \"quoted\" \\ one", "\"a \\\"quoted\\\" \\\\ one\"")]
        [InlineData("tab\there", "\"tab\\x09here\"")]
        [InlineData("/dev/sdb\n", "\"/dev/sdb\\x0a\"")]
        [InlineData("true\n", "\"true\\x0a\"")]
        [InlineData("#comment", "\"#comment\"")]
        [InlineData("- dash", "\"- dash\"")]
        [InlineData("/dev/sdb", "/dev/sdb")]
        [InlineData("/dev/disk/by-id/nvme-Samsung_SSD_970-part1", "/dev/disk/by-id/nvme-Samsung_SSD_970-part1")]
        public void A_string_that_would_not_read_back_as_itself_is_double_quoted(string value, string written)
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n          - dev: /dev/sdb\n";
            var after = YamlListAppend.Append(before, File, Disks, Dev(value));
            Assert.Equal("          - dev: " + written + "\n", Inserted(before, after));
            Assert.Equal(value, DevsAt(after, Disks).Last());
        }

        [Fact]
        public void Booleans_and_numbers_are_written_plain_and_read_back_typed()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n          - dev: /dev/sdb\n";
            var after = YamlListAppend.Append(before, File, Disks, Items(Item(("dev", "/dev/sdc"), ("dmcrypt", false), ("osd_id", 4L), ("weight", 7))));
            Assert.Equal("          - dev: /dev/sdc\n            dmcrypt: false\n            osd_id: 4\n            weight: 7\n", Inserted(before, after));
            var added = Assert.IsType<OrderedMap>(Assert.IsType<List<object>>(At(after, Disks)).Last());
            Assert.Equal(false, added["dmcrypt"]);
            Assert.Equal(4L, added["osd_id"]);
        }

        [Fact]
        public void Missing_keys_that_need_quotes_are_quoted()
        {
            const string before = "parameters:\n  x: 1\n";
            var after = YamlListAppend.Append(before, File, new[] { "parameters", "a key", "true" }, Dev("/dev/sdb"));
            Assert.Equal("  \"a key\":\n    \"true\":\n      - dev: /dev/sdb\n", Inserted(before, after));
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, "parameters", "a key", "true"));
        }

        // ---- Append: refused ----

        [Fact]
        public void A_parameters_flow_map_is_refused_with_a_clear_error_and_the_line()
        {
            const string before = "classes:\n- cluster.ceph\nparameters: {}\n";
            var e = Assert.Throws<FormatException>(() => YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb")));
            Assert.Equal($"{File}:3: parameters is a flow mapping ({{...}}); write it as a block to let items be added.", e.Message);
        }

        [Fact]
        public void A_flow_map_deeper_on_the_path_is_refused()
        {
            const string before = "parameters:\n  ceph:\n    osd: {enabled: true}\n";
            var e = Assert.Throws<FormatException>(() => YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb")));
            Assert.Contains("parameters:ceph:osd is a flow mapping", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("- a\n- b\n")]
        [InlineData("just text\n")]
        [InlineData("{parameters: {}}\n")]
        [InlineData("")]
        [InlineData("# only a comment\n")]
        public void A_root_that_is_not_a_block_map_is_refused(string before)
        {
            var e = Assert.Throws<FormatException>(() => YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb")));
            Assert.Equal($"{File}: the file is not a block mapping of keys; add parameters:ceph:osd:backend:bluestore:disks by hand.", e.Message);
        }

        [Fact]
        public void A_scalar_on_the_path_is_refused_naming_it()
        {
            const string before = "parameters:\n  ceph: enabled\n";
            var e = Assert.Throws<FormatException>(() => YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb")));
            Assert.Equal($"{File}:2: parameters:ceph is not a mapping; cannot add parameters:ceph:osd:backend:bluestore:disks.", e.Message);
        }

        [Fact]
        public void A_value_at_the_path_that_is_not_a_list_is_refused()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: /dev/sdb\n";
            var e = Assert.Throws<FormatException>(() => YamlListAppend.Append(before, File, Disks, Dev("/dev/sdc")));
            Assert.Equal($"{File}:6: parameters:ceph:osd:backend:bluestore:disks is not a list.", e.Message);
        }

        [Fact]
        public void Broken_yaml_is_refused_naming_the_file_and_line()
        {
            const string before = "parameters:\n  ceph: [unclosed\n";
            var e = Assert.Throws<FormatException>(() => YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb")));
            Assert.StartsWith(File + ":", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void No_items_leave_the_text_as_it_is_and_no_path_is_an_argument_error()
        {
            const string before = "parameters: {}\n";
            Assert.Same(before, YamlListAppend.Append(before, File, Disks, Items()));
            Assert.Throws<ArgumentException>(() => YamlListAppend.Append(before, File, Array.Empty<string>(), Dev("/dev/sdb")));
        }

        [Fact]
        public void A_literal_block_as_the_last_value_before_the_insertion_point_is_passed_correctly_or_refused()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      script: |\n        echo hi\n        echo there\n  linux:\n    x: 1\n";
            string after;
            try { after = YamlListAppend.Append(before, File, Disks, Dev("/dev/sdb")); }
            catch (FormatException) { return; }   // refused is acceptable, a wrong file is not
            Inserted(before, after);
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.Equal("echo hi\necho there\n", At(after, "parameters", "ceph", "osd", "script"));
            Assert.Equal(1L, At(after, "parameters", "linux", "x"));
        }

        // ---- Remove ----

        private const string TwoDisks =
            "classes:\n" +
            "- cluster.ceph.osd\n" +
            "parameters:\n" +
            "  ceph:\n" +
            "    osd:\n" +
            "      backend:\n" +
            "        bluestore:\n" +
            "          disks:\n" +
            "          - dev: /dev/sdb\n" +
            "            db: /dev/nvme0n1\n" +
            "          - dev: /dev/sdc\n" +
            "  _param:\n" +
            "    x: 1\n";

        [Fact]
        public void Remove_takes_out_the_item_with_its_lines_and_nothing_else()
        {
            var after = YamlListAppend.Remove(TwoDisks, File, Disks, "dev", "/dev/sdb");
            Assert.Equal("          - dev: /dev/sdb\n            db: /dev/nvme0n1\n", Removed(TwoDisks, after));
            Assert.Equal(new[] { "/dev/sdc" }, DevsAt(after, Disks));
        }

        [Fact]
        public void Remove_of_the_last_item_keeps_what_follows()
        {
            var after = YamlListAppend.Remove(TwoDisks, File, Disks, "dev", "/dev/sdc");
            Assert.Equal("          - dev: /dev/sdc\n", Removed(TwoDisks, after));
            Assert.Equal(new[] { "/dev/sdb" }, DevsAt(after, Disks));
            Assert.Equal(1L, At(after, "parameters", "_param", "x"));
        }

        [Fact]
        public void Remove_of_the_only_item_leaves_an_empty_flow_list()
        {
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n            - dev: /dev/sdb\n  _param:\n    x: 1\n";
            var after = YamlListAppend.Remove(before, File, Disks, "dev", "/dev/sdb");
            Assert.Equal("parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: []\n  _param:\n    x: 1\n", after);
            Assert.Empty(Assert.IsType<List<object>>(At(after, Disks)));
        }

        [Fact]
        public void Remove_of_every_matching_item_when_two_follow_each_other_keeps_the_short_lines_after_them()
        {
            // two consecutive matches: the second removal must not measure against the text the first one changed
            const string before = "parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n          - dev: /dev/sdb\n          - dev: /dev/sdb\n\nb: 1\n";
            var after = YamlListAppend.Remove(before, File, Disks, "dev", "/dev/sdb");
            Assert.Equal("parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: []\n\nb: 1\n", after);
            Assert.Empty(Assert.IsType<List<object>>(At(after, Disks)));
        }

        [Fact]
        public void Remove_of_two_consecutive_matches_among_others_keeps_the_others()
        {
            const string before = "parameters:\n  disks:\n  - dev: /dev/sdb\n  - dev: /dev/sdb\n  - dev: c\nx: 1\n";
            var after = YamlListAppend.Remove(before, File, new[] { "parameters", "disks" }, "dev", "/dev/sdb");
            Assert.Equal("parameters:\n  disks:\n  - dev: c\nx: 1\n", after);
        }

        [Fact]
        public void Remove_from_an_unindented_list_in_a_crlf_file_keeps_crlf()
        {
            var before = TwoDisks.Replace("\n", "\r\n", StringComparison.Ordinal);
            var after = YamlListAppend.Remove(before, File, Disks, "dev", "/dev/sdb");
            Assert.Equal("          - dev: /dev/sdb\r\n            db: /dev/nvme0n1\r\n", Removed(before, after));
            Assert.Equal(new[] { "/dev/sdc" }, DevsAt(after, Disks));
        }

        [Fact]
        public void Remove_of_a_last_item_without_a_final_newline()
        {
            const string before = "parameters:\n  disks:\n    - dev: a\n    - dev: b";
            var after = YamlListAppend.Remove(before, File, new[] { "parameters", "disks" }, "dev", "b");
            Assert.Equal("parameters:\n  disks:\n    - dev: a\n", after);
            Assert.Equal(new[] { "a" }, DevsAt(after, "parameters", "disks"));
        }

        [Fact]
        public void Remove_keeps_the_comments_around_the_item()
        {
            const string before = "parameters:\n  disks:\n  # first\n  - dev: a\n  - dev: b  # slot 2\n  # after\nx: 1\n";
            var after = YamlListAppend.Remove(before, File, new[] { "parameters", "disks" }, "dev", "b");
            Assert.Equal("  - dev: b  # slot 2\n", Removed(before, after));
            Assert.Equal(new[] { "a" }, DevsAt(after, "parameters", "disks"));
        }

        [Fact]
        public void Remove_takes_scalar_items_equal_to_the_value()
        {
            const string before = "parameters:\n  disks:\n  - /dev/sdb\n  - /dev/sdc\n";
            var after = YamlListAppend.Remove(before, File, new[] { "parameters", "disks" }, "dev", "/dev/sdc");
            Assert.Equal("parameters:\n  disks:\n  - /dev/sdb\n", after);
        }

        [Fact]
        public void Remove_from_a_flow_list_is_refused()
        {
            const string before = "parameters:\n  disks: [{dev: a}, {dev: b}]\n";
            var e = Assert.Throws<FormatException>(() => YamlListAppend.Remove(before, File, new[] { "parameters", "disks" }, "dev", "a"));
            Assert.Equal($"{File}:2: parameters:disks is a flow list ([...]); remove a from it by hand.", e.Message);
        }

        [Theory]
        [InlineData("parameters:\n  _param:\n    x: 1\n")]
        [InlineData("parameters:\n  ceph: 1\n")]
        [InlineData("parameters:\n")]
        [InlineData("- a\n")]
        [InlineData("")]
        [InlineData("parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks:\n          - dev: /dev/sdc\n")]
        [InlineData("parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: [{dev: /dev/sdc}]\n")]
        [InlineData("parameters:\n  ceph:\n    osd:\n      backend:\n        bluestore:\n          disks: /dev/sdb\n")]
        public void Remove_with_nothing_to_remove_returns_the_text_as_it_was(string before)
        {
            Assert.Same(before, YamlListAppend.Remove(before, File, Disks, "dev", "/dev/sdb"));
        }

        [Fact]
        public void Append_then_remove_gives_the_file_back()
        {
            var path = Path.Combine(OracleRunner.RepoRoot, "examples", "models", "ceph", "nodes", "cmn02.ceph.local.yml");
            var original = System.IO.File.ReadAllText(path);
            var withList = YamlListAppend.Append(original, path, Disks, Dev("/dev/sdb", "/dev/sdc"));
            var one = YamlListAppend.Remove(withList, path, Disks, "dev", "/dev/sdb");
            Assert.Equal("            - dev: /dev/sdb\n", Removed(withList, one));
            var none = YamlListAppend.Remove(one, path, Disks, "dev", "/dev/sdc");
            Assert.Equal(new List<object>(), At(none, Disks));
            Assert.StartsWith(original, none, StringComparison.Ordinal);
        }
    }
}
