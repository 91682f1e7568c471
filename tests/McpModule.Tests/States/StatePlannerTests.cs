using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.States.Formulas;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class StatePlannerTests : IDisposable
    {
        private readonly string _model = Path.Combine(Path.GetTempPath(), "mcp-planner-" + Guid.NewGuid().ToString("N"));

        public StatePlannerTests() => Directory.CreateDirectory(_model);
        public void Dispose() => Directory.Delete(_model, true);

        private void Formula(string relative, string text)
        {
            var path = Path.Combine(_model, "formulas", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            File.WriteAllText(path, text);
        }

        private NodePlan Plan(string state, IDictionary<string, object> pillar = null) =>
            new StatePlanner(new FormulaLibrary(_model)).Plan(new PlanInput("web01.lab.local", pillar), new[] { state });

        private FormulaException Fails(string state) => Assert.Throws<FormulaException>(() => Plan(state));

        [Fact]
        public void A_state_file_nests_at_most_the_model_bound_and_deeper_is_an_error_at_its_line()
        {
            // the argument's list starts at the file's fourth level (state ids, the state, its function)
            string Deep(int levels) => "a:\n  pkg.installed:\n    name: x\n    version: " + new string('[', levels) + "1" + new string(']', levels) + "\n";
            var most = McpModule.Model.ModelLimits.MaxNestingDepth - 3;
            Formula("web/init.yml", Deep(most));
            var value = Plan("web").Resources[0].Arguments["version"];
            var depth = 0;
            for (; value is List<object> list; value = list[0]) depth++;
            Assert.Equal(most, depth);
            Assert.Equal("1", value);   // version is a text argument

            Formula("web/init.yml", Deep(most + 1));
            var e = Fails("web");
            Assert.Equal("Mcp.State.InvalidDeclaration", e.ErrorId);
            Assert.Contains("nest deeper than 400 levels", e.Message);
            Assert.Equal(4, e.Line);
            Assert.Equal(14 + most, e.Column);   // the '[' that goes too deep
            // a hostile depth ends the same way, before YamlStream or the planner recurse into it
            Formula("web/init.yml", Deep(20000));
            Assert.Equal("Mcp.State.InvalidDeclaration", Fails("web").ErrorId);
            // the same depth brought by a pillar value that the template interpolates raw
            Formula("web/init.yml", "a:\n  pkg.installed:\n    name: x\n    version: {{ pillar.v }}\n");
            var pillar = new Dictionary<string, object> { ["v"] = new string('[', 20000) + new string(']', 20000) };
            e = Assert.Throws<FormulaException>(() => Plan("web", pillar));
            Assert.Equal("Mcp.State.InvalidDeclaration", e.ErrorId);
        }

        [Fact]
        public void Aliases_stand_for_a_bounded_number_of_values_and_never_for_their_own_anchor()
        {
            // ten levels of ten aliases each: 10^10 values once expanded, a few hundred bytes written
            var laughs = new System.Text.StringBuilder("a:\n  pkg.installed:\n    name: x\n    l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (var i = 1; i < 10; i++) laughs.Append("    l" + i + ": &l" + i + " [" + string.Join(", ", Enumerable.Repeat("*l" + (i - 1), 10)) + "]\n");
            Formula("web/init.yml", laughs.ToString());
            var e = Fails("web");
            Assert.Equal("Mcp.State.InvalidDeclaration", e.ErrorId);
            Assert.Contains("stand for more than 1,000,000 values", e.Message);
            Assert.Equal(9, e.Line);   // l5: its aliases of l4 stand for 111,111 values each

            Formula("web/init.yml", "a:\n  pkg.installed:\n    name: x\n    version: &v [1, *v]\n");
            e = Fails("web");
            Assert.Contains("cannot contain itself", e.Message);
            Assert.Equal((4, 21), (e.Line, e.Column));

            // an anchor and its aliases within the bounds are YAML as usual
            Formula("web/init.yml", "a:\n  pkg.installed:\n    name: &n x\n    version: *n\n");
            Assert.Equal("x", Plan("web").Resources[0].Arguments["version"]);
        }

        [Fact]
        public void The_Salt_list_form_and_the_mapping_form_give_the_same_resource()
        {
            Formula("web/init.yml", "nginx:\n  pkg.installed:\n    - name: nginx\n    - version: '1.22'\nhtop:\n  pkg.installed: {version: '3.2'}\n");
            var plan = Plan("web");
            Assert.Equal(new[] { "pkg:nginx", "pkg:htop" }, plan.Resources.Select(r => r.Resource));
            Assert.Equal("1.22", plan.Resources[0].Arguments["version"]);
            Assert.Equal("htop", plan.Resources[1].Name);   // name defaults to the state id
        }

        [Fact]
        public void Requisites_come_first_then_file_order()
        {
            Formula("web/init.yml",
                "service:\n  service.running:\n    name: nginx\n    watch: [config]\n" +
                "config:\n  file.managed:\n    name: /etc/nginx.conf\n    contents: x\n    require: [{pkg: nginx}]\n" +
                "other:\n  cmd.run:\n    name: 'true'\n" +
                "package:\n  pkg.installed:\n    name: nginx\n");
            var plan = Plan("web");
            Assert.Equal(new[] { "package", "config", "service", "other" }, plan.Resources.Select(r => r.StateId));
            Assert.Equal(new[] { 1 }, plan.Resources[2].Watch);
            Assert.Equal(new[] { 0 }, plan.Resources[1].Require);
        }

        [Fact]
        public void Pillar_values_fill_arguments_and_templated_sources()
        {
            Formula("web/init.yml", "{% for p in pillar.web.packages %}pkg_{{ p[0] }}:\n  pkg.installed:\n    name: {{ p[0] }}\n{% endfor %}" +
                                    "conf:\n  file.managed:\n    name: /etc/web.conf\n    source: files/web.conf\n    template: liquid\n");
            Formula("web/files/web.conf", "port = {{ pillar.web.port }}\nnode = {{ node.short_name }}\n");
            var pillar = new Dictionary<string, object>
            {
                ["web"] = new Dictionary<string, object> { ["port"] = 8080L, ["packages"] = new Dictionary<string, object> { ["nginx"] = null, ["curl"] = null } },
            };
            var plan = Plan("web", pillar);
            Assert.Equal(new[] { "pkg:nginx", "pkg:curl", "file:/etc/web.conf" }, plan.Resources.Select(r => r.Resource));
            Assert.Equal("port = 8080\nnode = web01\n", plan.Resources[2].Arguments["contents"]);
            Assert.False(plan.Resources[2].Arguments.ContainsKey("source"));
        }

        [Fact]
        public void An_unknown_resource_type_names_file_and_line()
        {
            Formula("web/init.yml", "a:\n  pkg.installed: {}\nb:\n  pgk.installed:\n    name: x\n");
            var e = Fails("web");
            Assert.Equal("Mcp.State.UnknownResourceType", e.ErrorId);
            Assert.Equal(4, e.Line);
            Assert.EndsWith(Path.Combine("web", "init.yml"), e.File);
            Assert.Contains("init.yml:4", e.Message);
        }

        [Fact]
        public void A_missing_argument_and_an_unknown_one_are_errors()
        {
            Formula("web/init.yml", "link:\n  symlink.present:\n    name: /x\n");
            Assert.Equal("Mcp.State.MissingArgument", Fails("web").ErrorId);
            Formula("web/init.yml", "f:\n  file.managed:\n    contents: x\n    mdoe: '0644'\n");
            var e = Fails("web");
            Assert.Equal("Mcp.State.UnknownArgument", e.ErrorId);
            Assert.Contains("mdoe", e.Message);
        }

        [Fact]
        public void A_requisite_on_a_missing_id_names_its_line()
        {
            Formula("web/init.yml", "a:\n  cmd.run:\n    name: 'true'\n    require:\n      - nothere\n");
            var e = Fails("web");
            Assert.Equal("Mcp.State.RequisiteNotFound", e.ErrorId);
            Assert.Equal(5, e.Line);
            Assert.Contains("nothere", e.Message);
        }

        [Fact]
        public void A_cycle_is_an_error_naming_its_members()
        {
            Formula("web/init.yml", "a:\n  cmd.run:\n    require: [c]\nb:\n  cmd.run:\n    require: [a]\nc:\n  cmd.run:\n    watch: [b]\nd:\n  cmd.run: {}\n");
            var e = Fails("web");
            Assert.Equal("Mcp.State.RequisiteCycle", e.ErrorId);
            Assert.Contains("'a'", e.Message); Assert.Contains("'b'", e.Message); Assert.Contains("'c'", e.Message);
            Assert.DoesNotContain("'d'", e.Message);
        }

        [Fact]
        public void Template_and_yaml_errors_name_the_file()
        {
            Formula("web/init.yml", "{% if pillar.x %}\na:\n  cmd.run: {}\n");
            Assert.Equal("Mcp.State.TemplateError", Fails("web").ErrorId);
            Formula("web/init.yml", "a:\n  cmd.run: {name: [}\n");
            Assert.Equal("Mcp.State.YamlSyntax", Fails("web").ErrorId);
        }

        [Fact]
        public void A_user_formula_replaces_the_built_in_one_and_includes_other_states()
        {
            Formula("ntp/init.yml", "include: [ntp.extra]\nmine:\n  cmd.run: {name: 'true'}\n");
            Formula("ntp/extra.yml", "extra:\n  cmd.run: {name: 'true'}\n");
            Assert.Equal(new[] { "extra", "mine" }, Plan("ntp").Resources.Select(r => r.StateId));
            Assert.Equal("Mcp.State.FormulaNotFound", Fails("nosuch").ErrorId);
        }

        [Fact]
        public void The_built_in_formulas_render_from_the_lab_pillar()
        {
            var pillar = new Dictionary<string, object>
            {
                ["linux"] = new Dictionary<string, object>
                {
                    ["system"] = new Dictionary<string, object>
                    {
                        ["name"] = "ctl01",
                        ["package"] = new Dictionary<string, object> { ["htop"] = new Dictionary<string, object> { ["version"] = "latest" } },
                        ["user"] = new Dictionary<string, object> { ["ops"] = new Dictionary<string, object> { ["enabled"] = true, ["sudo"] = true, ["home"] = "/home/ops" } },
                        ["kernel"] = new Dictionary<string, object> { ["sysctl"] = new Dictionary<string, object> { ["vm.swappiness"] = 10L } },
                    },
                    ["network"] = new Dictionary<string, object>
                    {
                        ["host"] = new Dictionary<string, object>
                        {
                            ["ctl"] = new Dictionary<string, object> { ["address"] = "10.0.0.10", ["names"] = new List<object> { "ctl", "ctl.lab.local" } },
                            ["ctl01"] = new Dictionary<string, object> { ["address"] = "10.0.0.11", ["names"] = new List<object> { "ctl01", "ctl01.lab.local" } },
                        }
                    }
                },
                ["openssh"] = new Dictionary<string, object> { ["server"] = new Dictionary<string, object> { ["permit_root_login"] = false, ["bind"] = new Dictionary<string, object> { ["port"] = 22L } } },
                ["ntp"] = new Dictionary<string, object> { ["client"] = new Dictionary<string, object> { ["strata"] = new List<object> { "10.0.0.1" }, ["control_clock"] = false } },
            };
            var planner = new StatePlanner(new FormulaLibrary(null));
            var input = new PlanInput("ctl01.lab.local", pillar, new[] { "salt", "linux", "ntp", "openssh" },
                                      clusterNodes: new[] { ("ctl01.lab.local", "10.0.0.11"), ("ctl02.lab.local", "10.0.0.12") });
            Assert.Equal(new[] { "linux", "ntp", "openssh" }, planner.ChooseStates(input.Applications));
            var plan = planner.Plan(input, new[] { "linux", "openssh", "ntp" });
            var byId = plan.Resources.ToDictionary(r => r.StateId);
            var hosts = (string)byId["linux_hosts"].Arguments["contents"];
            Assert.Contains("10.0.0.12 ctl02.lab.local ctl02\n", hosts);
            Assert.Contains("10.0.0.10 ctl ctl.lab.local\n", hosts);   // linux:network:host, a name only the model has
            Assert.DoesNotContain("10.0.0.11 ctl01 ", hosts);            // a node's own line is not repeated
            Assert.Equal("pkg.latest", byId["linux_package_htop"].Function);
            Assert.Equal("10", byId["linux_sysctl_vm.swappiness"].Arguments["value"]);
            Assert.Equal("/etc/sudoers.d/90-mcp-ops", byId["linux_user_ops_sudo"].Name);
            var sshd = (string)byId["openssh_server_config"].Arguments["contents"];
            Assert.True(sshd.Contains("PermitRootLogin no\n"), sshd);
            Assert.Contains("Port 22\n", sshd);
            ((Dictionary<string, object>)((Dictionary<string, object>)pillar["openssh"])["server"]).Remove("permit_root_login");
            var defaults = (string)planner.Plan(input, new[] { "openssh" }).Resources.Single(r => r.StateId == "openssh_server_config").Arguments["contents"];
            Assert.True(defaults.Contains("PermitRootLogin prohibit-password\n"), defaults);
            Assert.Contains("server 10.0.0.1 iburst", (string)byId["ntp_config"].Arguments["contents"]);
            Assert.Equal("file.managed", byId["ntp_no_clock_control"].Function);
            Assert.True(byId["openssh_server_service"].Index > byId["openssh_server_config"].Index);
        }

        [Fact]
        public void A_user_home_from_pillar_is_used_as_is_and_defaults_to_home_slash_name()
        {
            // "/home/" | append: name applied after default: gave /home/opsops for home /home/ops
            var ops = new Dictionary<string, object> { ["enabled"] = true, ["home"] = "/srv/ops" };
            var pillar = new Dictionary<string, object>
            {
                ["linux"] = new Dictionary<string, object>
                {
                    ["system"] = new Dictionary<string, object>
                    {
                        ["user"] = new Dictionary<string, object> { ["ops"] = ops, ["dev"] = new Dictionary<string, object> { ["enabled"] = true } },
                    }
                },
                ["openssh"] = new Dictionary<string, object>
                {
                    ["server"] = new Dictionary<string, object>
                    {
                        ["user"] = new Dictionary<string, object>
                        {
                            ["ops"] = new Dictionary<string, object> { ["public_keys"] = new List<object> { new Dictionary<string, object> { ["key"] = "ssh-ed25519 AAAA ops" } }, ["user"] = ops },
                            ["dev"] = new Dictionary<string, object> { ["public_keys"] = new List<object> { new Dictionary<string, object> { ["key"] = "ssh-ed25519 BBBB dev" } } },
                        }
                    }
                },
            };
            var plan = new StatePlanner(new FormulaLibrary(null)).Plan(new PlanInput("ctl01.lab.local", pillar), new[] { "linux", "openssh" });
            var byId = plan.Resources.ToDictionary(r => r.StateId);
            Assert.Equal("/srv/ops", byId["linux_user_ops"].Arguments["home"]);
            Assert.Equal("/home/dev", byId["linux_user_dev"].Arguments["home"]);
            Assert.Equal("/srv/ops/.ssh", byId["openssh_user_ops_ssh_dir"].Name);
            Assert.Equal("/srv/ops/.ssh/authorized_keys", byId["openssh_user_ops_authorized_keys"].Name);
            Assert.Equal("/home/dev/.ssh/authorized_keys", byId["openssh_user_dev_authorized_keys"].Name);
        }

        [Theory]
        [InlineData("/etc")]
        [InlineData("linux./etc/passwd")]
        [InlineData("../x")]
        [InlineData("a b")]
        [InlineData("linux..system")]
        public void A_state_name_that_is_a_path_is_refused_before_anything_is_read(string state)
        {
            var e = Fails(state);
            Assert.Equal("Mcp.State.InvalidStateName", e.ErrorId);
        }

        [Fact]
        public void A_model_source_or_a_formula_file_that_leads_out_of_the_repository_is_refused()
        {
            var outside = Path.Combine(Path.GetTempPath(), "mcp-planner-out-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(outside);
            try
            {
                File.WriteAllText(Path.Combine(outside, "secret.txt"), "outside");
                File.CreateSymbolicLink(Path.Combine(_model, "linked"), outside);
                Formula("web/init.yml", "f:\n  file.managed:\n    name: /etc/x\n    source: model://linked/secret.txt\n");
                Assert.Equal("Mcp.State.SourceOutsideModel", Fails("web").ErrorId);
                Formula("web/init.yml", "f:\n  file.managed:\n    name: /etc/x\n    source: model://../secret.txt\n");
                Assert.Equal("Mcp.State.SourceOutsideModel", Fails("web").ErrorId);
                Formula("web/init.yml", "f:\n  file.managed:\n    name: /etc/x\n    source: files/out/secret.txt\n");
                Directory.CreateDirectory(Path.Combine(_model, "formulas", "web", "files"));
                File.CreateSymbolicLink(Path.Combine(_model, "formulas", "web", "files", "out"), outside);
                Assert.Equal("Mcp.State.SourceOutsideModel", Fails("web").ErrorId);
            }
            finally { Directory.Delete(outside, true); }
        }
    }
}
