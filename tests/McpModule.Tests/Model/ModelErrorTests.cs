using System.Linq;
using McpModule.Model;
using Xunit;

namespace McpModule.Tests.Model
{
    /// Every kind of model error names where the problem is, and rendering writes nothing.
    public class ModelErrorTests
    {
        [Fact]
        public void A_yaml_syntax_error_names_the_file_line_and_column()
        {
            using var inv = new TempInventory(
                ("nodes/n1.yml", "classes: [broken]\n"),
                ("classes/broken.yml", "parameters:\n  a: 1\n  b: [1, 2\n  c: 3\n"));
            var before = inv.Digest();
            var model = ReclassModel.Open(inv.Root);
            var e = Assert.Throws<ModelException>(() => model.Render("n1"));
            Assert.Equal(ModelErrorKind.YamlSyntax, e.Kind);
            Assert.Equal(inv.File("classes/broken.yml"), e.File);
            Assert.True(e.Line >= 3, $"line {e.Line}");
            Assert.True(e.Column > 0);
            Assert.Contains(inv.File("classes/broken.yml"), e.Message);
            Assert.Contains($"line {e.Line}, column {e.Column}", e.Message);
            Assert.Equal(before, inv.Digest());
        }

        [Fact]
        public void A_missing_class_names_the_node_and_the_chain_of_classes_that_asked_for_it()
        {
            using var inv = new TempInventory(
                ("nodes/web01.yml", "classes: [cluster.lab]\n"),
                ("classes/cluster/lab/init.yml", "classes: [system.web]\n"),
                ("classes/system/web.yml", "classes: [service.nginx.server]\n"));
            var before = inv.Digest();
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root).Render("web01"));
            Assert.Equal(ModelErrorKind.ClassNotFound, e.Kind);
            Assert.Equal("web01", e.Node);
            Assert.Contains("'service.nginx.server'", e.Message);
            Assert.Contains("node 'web01' -> class 'cluster.lab' -> class 'system.web'", e.Message);
            Assert.Equal(inv.File("classes/system/web.yml"), e.File);
            Assert.Equal(before, inv.Digest());
        }

        [Fact]
        public void Missing_references_are_reported_together_with_path_node_and_file()
        {
            using var inv = new TempInventory(
                ("nodes/n1.yml", "classes: [app]\nparameters:\n  x: ${nowhere}\n"),
                ("classes/app.yml", "parameters:\n  app:\n    url: http://${_param:host}:${_param:port}\n"));
            var before = inv.Digest();
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root).Render("n1"));
            Assert.Equal(ModelErrorKind.MissingReference, e.Kind);
            Assert.Equal("n1", e.Node);
            Assert.Equal(2, e.Inner.Count);
            Assert.Contains("${_param:host}", e.Message);
            Assert.Contains("'app:url'", e.Message);
            Assert.Contains(inv.File("classes/app.yml"), e.Message);
            Assert.Contains("${nowhere}", e.Message);
            Assert.Contains(inv.File("nodes/n1.yml"), e.Message);
            Assert.Equal(before, inv.Digest());
        }

        [Fact]
        public void A_type_clash_names_both_files()
        {
            using var inv = new TempInventory(
                ("nodes/n1.yml", "classes: [a, b]\n"),
                ("classes/a.yml", "parameters:\n  port: 80\n"),
                ("classes/b.yml", "parameters:\n  port:\n    http: 80\n"));
            var before = inv.Digest();
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root).Render("n1"));
            Assert.Equal(ModelErrorKind.TypeMerge, e.Kind);
            Assert.Contains(inv.File("classes/a.yml"), e.Message);
            Assert.Contains(inv.File("classes/b.yml"), e.Message);
            Assert.Contains("'port'", e.Message);
            Assert.Equal(before, inv.Digest());
        }

        [Fact]
        public void A_reference_loop_is_an_error_not_a_hang()
        {
            using var inv = new TempInventory(("nodes/n1.yml", "parameters:\n  a: ${b}\n  b: x${a}\n"));
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root).Render("n1"));
            Assert.Equal(ModelErrorKind.ReferenceLoop, e.Kind);
        }

        [Fact]
        public void A_value_that_contains_itself_is_an_error_not_a_crash()
        {
            using var inv = new TempInventory(("nodes/n1.yml", "parameters:\n  d: {k: \"${e}\"}\n  e: ${d}\n"));
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root).Render("n1"));
            Assert.Equal(ModelErrorKind.ReferenceLoop, e.Kind);
        }

        [Fact]
        public void Two_nodes_with_one_name_are_an_error_naming_both_files()
        {
            using var inv = new TempInventory(("nodes/a/n1.yml", "{}\n"), ("nodes/b/n1.yml", "{}\n"));
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root));
            Assert.Equal(ModelErrorKind.DuplicateName, e.Kind);
            Assert.Contains(inv.File("nodes/a/n1.yml"), e.Message);
            Assert.Contains(inv.File("nodes/b/n1.yml"), e.Message);
        }

        [Fact]
        public void Validate_reports_every_problem_once()
        {
            using var inv = new TempInventory(
                ("nodes/n1.yml", "classes: [bad, missing]\n"),
                ("nodes/n2.yml", "classes: [bad]\n"),
                ("nodes/n3.yml", "parameters:\n  x: ${y}\n"),
                ("nodes/ok.yml", "parameters:\n  x: 1\n"),
                ("classes/bad.yml", "parameters: [\n"));
            var before = inv.Digest();
            var problems = ReclassModel.Open(inv.Root).Validate();
            Assert.Single(problems, p => p.Kind == ModelErrorKind.YamlSyntax);
            Assert.Single(problems, p => p.Kind == ModelErrorKind.MissingReference && p.Node == "n3");
            Assert.Equal(2, problems.Count);
            Assert.Equal(before, inv.Digest());
        }
    }
}
