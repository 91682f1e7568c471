using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using McpModule.Settings;
using Xunit;

namespace McpModule.Tests.Settings
{
    public sealed class McpSettingsTests : IDisposable
    {
        private readonly string _repo;

        public McpSettingsTests()
        {
            _repo = Path.Combine(Path.GetTempPath(), "mcp-settings-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(_repo, ".git"));
        }

        public void Dispose() => Directory.Delete(_repo, recursive: true);

        private string SettingsFile => Path.Combine(_repo, "mcp.settings.json");

        private void WriteFile(string json) => File.WriteAllText(SettingsFile, json);

        private static Hashtable Env(params (string Name, string Value)[] variables)
        {
            var table = new Hashtable();
            foreach (var (name, value) in variables) table[name] = value;
            return table;
        }

        private McpSettings Read(IDictionary env = null, Dictionary<string, object> parameters = null) =>
            McpSettings.Read(_repo, parameters, env ?? Env(), out var errors) is var settings && errors.Count == 0
                ? settings
                : throw new Xunit.Sdk.XunitException("unexpected errors: " + string.Join(" | ", errors.Select(e => e.Message)));

        private McpSettings ReadWithErrors(out IReadOnlyList<McpSettingsException> errors, IDictionary env = null,
                                           Dictionary<string, object> parameters = null) =>
            McpSettings.Read(_repo, parameters, env ?? Env(), out errors);

        [Fact]
        public void Without_file_variables_or_parameters_every_setting_is_its_default()
        {
            var settings = Read();
            Assert.Null(settings.SettingsFile);
            Assert.All(settings.Items, s => Assert.Equal("Default", s.Source));
            Assert.All(settings.Items, s => Assert.Equal(McpSettingSourceKind.Default, s.SourceKindValue));
            Assert.Equal("root", settings.SshUser);
            Assert.Equal(22, settings.SshPort);
            Assert.Null(settings.SshKeyFile);
            Assert.Null(settings.SshKeyPassphrase);
            Assert.False(settings.AcceptNewHostKey);
            Assert.Equal(32, settings.ThrottleLimit);
            Assert.Equal(TimeSpan.FromSeconds(10), settings.ConnectTimeout);
            Assert.Equal(TimeSpan.FromSeconds(300), settings.CommandTimeout);
            Assert.Equal(TimeSpan.Zero, settings.ReuseConnection);
            Assert.Null(settings.JumpHost);
            Assert.Null(settings.KexAlgorithms);
            Assert.True(Path.IsPathRooted(settings.KnownHostsFile));
            Assert.EndsWith(Path.Combine(".ssh", "known_hosts"), settings.KnownHostsFile);
        }

        [Fact]
        public void Items_follow_the_order_of_the_definitions() =>
            Assert.Equal(McpSettingDefinitions.All.Select(d => d.Name), Read().Items.Select(s => s.Name));

        [Fact]
        public void The_settings_file_overrides_defaults_and_is_named_as_the_source()
        {
            WriteFile("{ \"SshUser\": \"ubuntu\", \"SshPort\": 2222, \"AcceptNewHostKey\": true }");
            var settings = Read();
            Assert.Equal(SettingsFile, settings.SettingsFile);
            Assert.Equal("ubuntu", settings.SshUser);
            Assert.Equal(2222, settings.SshPort);
            Assert.True(settings.AcceptNewHostKey);
            Assert.Equal(SettingsFile, settings["SshPort"].Source);
            Assert.Equal(McpSettingSourceKind.File, settings["SshPort"].SourceKindValue);
            Assert.Equal("Default", settings["ThrottleLimit"].Source);
        }

        [Fact]
        public void An_environment_variable_overrides_the_file_and_is_named_as_the_source()
        {
            WriteFile("{ \"SshPort\": 2222, \"ThrottleLimit\": 5 }");
            var settings = Read(Env(("MCP_SSHPORT", "2200")));
            Assert.Equal(2200, settings.SshPort);
            Assert.Equal("MCP_SSHPORT", settings["SshPort"].Source);
            Assert.Equal(5, settings.ThrottleLimit);
        }

        [Fact]
        public void A_parameter_overrides_everything()
        {
            WriteFile("{ \"SshPort\": 2222 }");
            var settings = Read(Env(("MCP_SSHPORT", "2200")), new Dictionary<string, object> { ["SshPort"] = 2022, ["AcceptNewHostKey"] = true });
            Assert.Equal(2022, settings.SshPort);
            Assert.Equal("Parameter", settings["SshPort"].Source);
            Assert.True(settings.AcceptNewHostKey);
        }

        [Fact]
        public void A_null_parameter_leaves_the_lower_sources_in_place()
        {
            var settings = Read(Env(("MCP_THROTTLELIMIT", "7")), new Dictionary<string, object> { ["ThrottleLimit"] = null });
            Assert.Equal(7, settings.ThrottleLimit);
        }

        [Fact]
        public void An_unknown_parameter_name_is_an_argument_error() =>
            Assert.Throws<ArgumentException>(() => McpSettings.Load(_repo, new Dictionary<string, object> { ["SshPrt"] = 1 }, Env()));

        [Fact]
        public void Setting_names_ignore_case_in_the_file_variables_and_parameters()
        {
            WriteFile("{ \"sshuser\": \"admin\" }");
            var settings = Read(Env(("mcp_throttlelimit", "3")), new Dictionary<string, object> { ["JUMPHOST"] = "cfg01" });
            Assert.Equal("admin", settings.SshUser);
            Assert.Equal(3, settings.ThrottleLimit);
            Assert.Equal("mcp_throttlelimit", settings["ThrottleLimit"].Source);
            Assert.Equal("cfg01", settings.JumpHost);
        }

        [Fact]
        public void The_upper_case_variable_wins_over_another_spelling()
        {
            var env = Env(("mcp_sshuser", "lower"), ("MCP_SSHUSER", "upper"), ("Mcp_SshUser", "mixed"));
            Assert.Equal("upper", Read(env).SshUser);
        }

        [Fact]
        public void Other_MCP_variables_are_left_alone()
        {
            var settings = ReadWithErrors(out var errors, Env(("MCP_SERVER_URL", "http://x"), ("MCP_SSHPORT", "23")));
            Assert.Empty(errors);
            Assert.Equal(23, settings.SshPort);
        }

        [Fact]
        public void An_empty_variable_counts_as_not_set() =>
            Assert.Equal("Default", Read(Env(("MCP_SSHUSER", ""))).Items[0].Source);

        [Fact]
        public void A_secret_is_masked_in_the_setting_but_readable_as_a_secure_string()
        {
            var settings = Read(Env(("MCP_SSHKEYPASSPHRASE", "s3cret pass")));
            var setting = settings["SshKeyPassphrase"];
            Assert.Equal("********", setting.Value);
            Assert.True(setting.IsSecret);
            Assert.DoesNotContain("s3cret", setting.ToString());
            using (var secure = settings.SshKeyPassphrase)
                Assert.Equal("s3cret pass", new NetworkCredential("", secure).Password);
        }

        [Fact]
        public void An_unset_secret_shows_no_mask() =>
            Assert.Null(Read()["SshKeyPassphrase"].Value);

        [Fact]
        public void A_secure_string_parameter_sets_the_secret()
        {
            var secure = new SecureString();
            foreach (var c in "pw") secure.AppendChar(c);
            var settings = Read(parameters: new Dictionary<string, object> { ["SshKeyPassphrase"] = secure });
            Assert.Equal("Parameter", settings["SshKeyPassphrase"].Source);
            Assert.Equal("pw", new NetworkCredential("", settings.SshKeyPassphrase).Password);
        }

        [Fact]
        public void Paths_in_the_file_are_relative_to_the_file_and_tilde_is_the_home_folder()
        {
            Directory.CreateDirectory(Path.Combine(_repo, "keys"));
            WriteFile("{ \"SshKeyFile\": \"keys/id_ed25519\", \"KnownHostsFile\": \"~/lab_known_hosts\" }");
            var settings = Read();
            Assert.Equal(Path.Combine(_repo, "keys", "id_ed25519"), settings.SshKeyFile);
            var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, "lab_known_hosts"), settings.KnownHostsFile);
        }

        [Fact]
        public void The_file_is_found_in_a_folder_above_the_model_path_up_to_the_repository_root()
        {
            WriteFile("{ \"ThrottleLimit\": 4 }");
            var inventory = Path.Combine(_repo, "clusters", "lab");
            Directory.CreateDirectory(inventory);
            Assert.Equal(SettingsFile, McpSettings.FindSettingsFile(inventory));
            Assert.Equal(4, McpSettings.Load(inventory, null, Env()).ThrottleLimit);
        }

        [Fact]
        public void No_file_is_looked_for_above_the_repository_root()
        {
            var inner = Path.Combine(_repo, "inner");
            Directory.CreateDirectory(Path.Combine(inner, ".git"));
            WriteFile("{ \"ThrottleLimit\": 4 }");
            Assert.Null(McpSettings.FindSettingsFile(inner));
        }

        [Fact]
        public void The_file_may_have_comments_and_trailing_commas()
        {
            WriteFile("{\n  // the lab's bastion\n  \"JumpHost\": \"root@cfg01:22\",\n}\n");
            Assert.Equal("root@cfg01:22", Read().JumpHost);
        }

        [Fact]
        public void Invalid_json_is_an_error_naming_the_file_line_and_column()
        {
            WriteFile("{\n  \"SshUser\": \"ubuntu\",\n  \"SshPort\": ,\n}\n");
            var settings = ReadWithErrors(out var errors);
            var error = Assert.Single(errors);
            Assert.Equal("Mcp.SettingsFileInvalid", error.ErrorId);
            Assert.Equal(SettingsFile, error.File);
            Assert.Equal(3, error.Line);
            Assert.Equal(14, error.Column);
            Assert.Contains(SettingsFile, error.Message);
            Assert.Contains("line 3", error.Message);
            Assert.Equal("root", settings.SshUser);   // the whole file is skipped
        }

        [Fact]
        public void Load_throws_the_file_error()
        {
            WriteFile("[ 1, 2 ]");
            var error = Assert.Throws<McpSettingsException>(() => McpSettings.Load(_repo, null, Env()));
            Assert.Equal("Mcp.SettingsFileInvalid", error.ErrorId);
            Assert.Equal(1, error.Line);
        }

        [Fact]
        public void A_duplicate_key_names_the_line_of_the_second_one()
        {
            WriteFile("{\n  \"SshPort\": 1,\n  \"SshPort\": 2\n}");
            var error = Assert.Single(ErrorsOf());
            Assert.Equal("Mcp.SettingsFileInvalid", error.ErrorId);
            Assert.Equal(3, error.Line);
        }

        private IReadOnlyList<McpSettingsException> ErrorsOf()
        {
            ReadWithErrors(out var errors);
            return errors;
        }

        [Fact]
        public void An_unknown_key_in_the_file_names_the_key_file_and_line()
        {
            WriteFile("{\n  \"SshUser\": \"ubuntu\",\n  \"SshPrt\": 2222\n}");
            var settings = ReadWithErrors(out var errors);
            var error = Assert.Single(errors);
            Assert.Equal("Mcp.SettingUnknown", error.ErrorId);
            Assert.Equal("SshPrt", error.SettingName);
            Assert.Equal(3, error.Line);
            Assert.Contains("'SshPrt' in " + SettingsFile + ", line 3 is not a setting", error.Message);
            Assert.Equal("ubuntu", settings.SshUser);   // the rest of the file still counts
        }

        [Fact]
        public void An_object_where_a_value_belongs_is_an_error()
        {
            WriteFile("{\n  \"SshUser\": { \"name\": \"x\" }\n}");
            var error = Assert.Single(ErrorsOf());
            Assert.Equal("Mcp.SettingValueInvalid", error.ErrorId);
            Assert.Equal(2, error.Line);
        }

        [Theory]
        [InlineData("SshPort", "0")]
        [InlineData("SshPort", "65536")]
        [InlineData("SshPort", "22.5")]
        [InlineData("ThrottleLimit", "many")]
        [InlineData("ConnectTimeoutSeconds", "-1")]
        [InlineData("ReuseConnectionSeconds", "-1")]
        [InlineData("ReuseConnectionSeconds", "3601")]
        [InlineData("AcceptNewHostKey", "maybe")]
        [InlineData("SshUser", "root; rm -rf /")]
        [InlineData("JumpHost", "user@host:port")]
        [InlineData("JumpHost", "-oProxyCommand=x")]
        [InlineData("KexAlgorithms", "curve25519-sha256,rot13")]
        [InlineData("KexAlgorithms", "curve25519-sha256,")]
        [InlineData("KexAlgorithms", "+curve25519-sha256")]
        public void A_bad_variable_is_an_error_naming_it_and_the_lower_source_stays(string name, string value)
        {
            var variable = "MCP_" + name.ToUpperInvariant();
            var settings = ReadWithErrors(out var errors, Env((variable, value)));
            var error = Assert.Single(errors);
            Assert.Equal("Mcp.SettingValueInvalid", error.ErrorId);
            Assert.Equal(name, error.SettingName);
            Assert.Equal(variable, error.ValueSource);
            Assert.Contains(variable, error.Message);
            Assert.Equal("Default", settings[name].Source);
        }

        [Fact]
        public void A_bad_value_in_the_file_names_the_file_and_line()
        {
            WriteFile("{\n  \"ThrottleLimit\": 0\n}");
            var error = Assert.Single(ErrorsOf());
            Assert.Equal("ThrottleLimit", error.SettingName);
            Assert.Equal(2, error.Line);
            Assert.Contains(SettingsFile + ", line 2", error.Message);
            Assert.Contains("from 1 to 1024", error.Message);
        }

        [Fact]
        public void A_bad_variable_falls_back_to_the_file_value()
        {
            WriteFile("{ \"SshPort\": 2222 }");
            var settings = ReadWithErrors(out var errors, Env(("MCP_SSHPORT", "abc")));
            Assert.Single(errors);
            Assert.Equal(2222, settings.SshPort);
        }

        [Fact]
        public void Load_throws_for_a_bad_value()
        {
            var error = Assert.Throws<McpSettingsException>(() => McpSettings.Load(_repo, null, Env(("MCP_SSHPORT", "abc"))));
            Assert.Equal("SshPort", error.Item);
        }

        [Fact]
        public void Booleans_take_true_false_yes_no_one_and_zero()
        {
            Assert.True(Read(Env(("MCP_ACCEPTNEWHOSTKEY", "yes"))).AcceptNewHostKey);
            Assert.True(Read(Env(("MCP_ACCEPTNEWHOSTKEY", "TRUE"))).AcceptNewHostKey);
            Assert.False(Read(Env(("MCP_ACCEPTNEWHOSTKEY", "0"))).AcceptNewHostKey);
        }

        [Fact]
        public void The_indexer_refuses_a_name_that_is_no_setting() =>
            Assert.Throws<KeyNotFoundException>(() => Read()["Nope"]);

        [Fact]
        public void Every_definition_names_its_environment_variable() =>
            Assert.Equal("MCP_COMMANDTIMEOUTSECONDS", McpSettingDefinitions.Find("commandtimeoutseconds").EnvironmentVariable);

        [Fact]
        public void KexAlgorithms_is_a_list_in_the_order_written_with_spaces_and_repeats_dropped()
        {
            var settings = Read(Env(("MCP_KEXALGORITHMS", " curve25519-sha256 , ecdh-sha2-nistp256,curve25519-sha256")));
            Assert.Equal(new[] { "curve25519-sha256", "ecdh-sha2-nistp256" }, settings.KexAlgorithms);
        }

        [Fact]
        public void A_bad_KexAlgorithms_lists_the_names_that_are_known()
        {
            ReadWithErrors(out var errors, Env(("MCP_KEXALGORITHMS", "curve448-sha512")));
            var error = Assert.Single(errors);
            Assert.Contains("sntrup761x25519-sha512", error.Message);
            Assert.Contains("curve25519-sha256", error.Message);
        }
    }
}
