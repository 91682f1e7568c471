using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.States.Formulas;
using Xunit;

namespace McpModule.Tests.States
{
    /// Values are data: a pillar value that would add a state, a key, a list item, a tag or a
    /// line to what a formula's template wrote is refused before anything reaches a node, and
    /// the quoting filters make a value one shell word or one YAML value.
    public sealed class TemplateShapeTests : IDisposable
    {
        private readonly string _model = Path.Combine(Path.GetTempPath(), "mcp-shape-" + Guid.NewGuid().ToString("N"));

        public TemplateShapeTests() => Directory.CreateDirectory(_model);
        public void Dispose() => Directory.Delete(_model, true);

        private void Formula(string relative, string text)
        {
            var path = Path.Combine(_model, "formulas", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            File.WriteAllText(path, text);
        }

        private NodePlan Plan(object value, string state = "t") =>
            new StatePlanner(new FormulaLibrary(_model)).Plan(
                new PlanInput("web01.lab.local", new Dictionary<string, object> { ["v"] = value }), new[] { state });

        private FormulaException Refused(object value, string state = "t")
        {
            var e = Assert.Throws<FormulaException>(() => Plan(value, state));
            Assert.Equal("Mcp.State.ValueChangesShape", e.ErrorId);
            return e;
        }

        [Fact]
        public void A_line_break_that_starts_a_state_of_its_own_is_refused()
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: echo {{ pillar.v }}\n");
            var e = Refused("hi\nevil:\n  cmd.run:\n    name: touch /tmp/x");
            Assert.Contains("a value adds the key 'evil' (a state of its own)", e.Message);
            Assert.Contains("t/init.yml", e.File.Replace('\\', '/'));
        }

        [Fact]
        public void A_value_that_adds_a_key_to_a_declaration_is_refused()
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: echo hi\n    cwd: {{ pillar.v }}\n");
            var e = Refused("/tmp\n    unless: touch /tmp/x");
            Assert.Contains("greet → cmd.run", e.Message);
        }

        [Fact]
        public void A_value_that_adds_list_items_is_refused()
        {
            Formula("t/init.yml", "a:\n  cmd.run: {name: 'true'}\nb:\n  cmd.run:\n    name: 'true'\n    require: [{{ pillar.v }}]\n");
            Assert.Contains("a list of 2 items where the template wrote 1", Refused("a, b").Message);
        }

        [Fact]
        public void A_value_that_turns_a_text_into_a_mapping_is_refused()
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: {{ pillar.v }}\n");
            Assert.Contains("a mapping where the template wrote one value", Refused("{unless: 'true'}").Message);
        }

        [Fact]
        public void A_value_that_adds_lines_to_a_text_block_is_refused()
        {
            Formula("t/init.yml", "hosts:\n  file.managed:\n    name: /etc/hosts\n    contents: |\n      127.0.0.1 {{ pillar.v }}\n");
            Assert.Contains("adds 1 line(s)", Refused("localhost\n      10.0.0.1 evil").Message);
        }

        [Fact]
        public void A_value_that_brings_a_yaml_tag_or_anchor_is_refused()
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: {{ pillar.v }}\n");
            Assert.Contains("tag", Refused("!!binary aGk=").Message);
            Assert.Contains("anchor", Refused("&a hi").Message);
        }

        [Fact]
        public void A_value_that_breaks_the_yaml_is_named_as_the_cause()
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: echo {{ pillar.v }}\n");
            var e = Refused("a: b");
            Assert.Contains("a pillar value breaks the YAML of this state", e.Message);
        }

        [Fact]
        public void A_value_that_adds_a_line_to_a_file_template_is_refused()
        {
            Formula("t/init.yml", "conf:\n  file.managed:\n    name: /etc/t.conf\n    source: files/t.conf\n    template: liquid\n");
            Formula("t/files/t.conf", "Port {{ pillar.v }}\nPasswordAuthentication no\n");
            Assert.Equal("Port 22\nPasswordAuthentication no\n", Plan(22).Resources.Single().Arguments["contents"]);
            Assert.Contains("adds 1 line(s) to this file", Refused("22\nPasswordAuthentication yes").Message);
        }

        [Fact]
        public void Values_that_keep_the_shape_pass_whatever_they_hold()
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: echo {{ pillar.v }}\n    cwd: /tmp\n");
            foreach (var v in new[] { "hi there", "$(touch /tmp/x)", "'quoted'", "x | y", "50%" })
                Assert.Equal("echo " + v, Plan(v).Resources.Single().Name);
        }

        [Theory]
        [InlineData("UTC'; touch /tmp/x; '")]
        [InlineData("$(touch /tmp/x)")]
        [InlineData("`touch /tmp/x`")]
        [InlineData("a\"b\\c")]
        [InlineData("line\nbreak")]
        [InlineData("-n")]
        [InlineData("")]
        public void Shell_quote_makes_one_shell_word_that_stands_for_the_value(string value)
        {
            Formula("t/init.yml", "{%- assign q = pillar.v | shell_quote %}\ngreet:\n  cmd.run:\n    name: {{ \"printf %s \" | append: q | json }}\n");
            var name = Plan(value).Resources.Single().Name;
            Assert.Equal("printf %s " + McpModule.Execution.ShellQuote.Quote(value), name);
            Assert.Equal(value, RunShell(name));
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("a: b")]
        [InlineData("- item")]
        [InlineData("x\ny: z")]
        [InlineData("\"quoted\" and 'single' and \\ back")]
        [InlineData("tab\there, bell\u0007, é, 😀")]
        [InlineData("!!binary aGk=")]
        [InlineData("*alias")]
        [InlineData("")]
        public void Yaml_quote_makes_one_yaml_value_that_reads_back_as_the_value(string value)
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: x\n    unless: {{ pillar.v | yaml_quote }}\n");
            Assert.Equal(value, Plan(value).Resources.Single().Arguments["unless"]);
        }

        [Fact]
        public void Json_keeps_structure_the_template_asks_for()
        {
            Formula("t/init.yml", "u:\n  user.present:\n    groups: {{ pillar.v | json }}\n");
            var groups = (IEnumerable<object>)Plan(new List<object> { "adm", "sudo\nevil: x" }).Resources.Single().Arguments["groups"];
            Assert.Equal(new object[] { "adm", "sudo\nevil: x" }, groups);
        }

        [Fact]
        public void Quoting_filters_refuse_nothing_to_quote_and_lists()
        {
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: {{ pillar.missing | shell_quote }}\n");
            Assert.Contains("shell_quote filter was given nothing", Assert.Throws<FormulaException>(() => Plan("x")).Message);
            Formula("t/init.yml", "greet:\n  cmd.run:\n    name: {{ pillar.v | yaml_quote }}\n");
            Assert.Contains("not a list or a mapping", Assert.Throws<FormulaException>(() => Plan(new List<object> { "a" })).Message);
        }

        [Theory]
        [InlineData("file.managed", "relative/path", "is not absolute")]
        [InlineData("file.managed", "/etc/sudoers.d/../../tmp/x", "'..' segment")]
        [InlineData("directory.present", "/etc/x\nb", "control character")]
        [InlineData("line.present", "/etc/../etc/x", "'..' segment")]
        public void A_path_a_resource_writes_must_say_plainly_where(string function, string path, string problem)
        {
            var extra = function == "file.managed" ? "    contents: x\n" : function == "line.present" ? "    content: x\n" : "";
            Formula("t/init.yml", $"p:\n  {function}:\n    name: {{{{ pillar.v | json }}}}\n{extra}");
            var e = Assert.Throws<FormulaException>(() => Plan(path));
            Assert.Equal("Mcp.State.InvalidPath", e.ErrorId);
            Assert.Contains(problem, e.Message);
        }

        // Runs a command under /bin/sh with no side effects (printf only) and returns its output.
        private static string RunShell(string command)
        {
            var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
            using var p = System.Diagnostics.Process.Start(psi);
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return output;
        }
    }
}
