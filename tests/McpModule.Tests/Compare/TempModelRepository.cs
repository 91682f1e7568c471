#nullable enable
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using McpModule.Compare;
using McpModule.Model;
using McpModule.Targeting;

namespace McpModule.Tests.Compare
{
    /// A git repository in the temp folder holding a generated MCP-shaped model in the subfolder
    /// infra/model: a cluster class with _param values, system classes, three controllers and
    /// `computes` compute nodes (cmp001...), a password and a keyring. Tests edit it and commit.
    internal sealed class TempModelRepository : IDisposable
    {
        public TempModelRepository(int computes = 20)
        {
            Root = Path.Combine(Path.GetTempPath(), "mcp-cmp-test-" + Guid.NewGuid().ToString("N"));
            Model = Path.Combine(Root, "infra", "model");
            Write("classes/system/linux/system.yml", "parameters:\n  linux:\n    system:\n      enabled: true\n      name: ${_param:hostname}\n      repos: [main, updates]\n");
            Write("classes/system/ntp/client.yml", "parameters:\n  ntp:\n    client:\n      enabled: true\n      strata: ['${_param:ntp1}']\n");
            Write("classes/system/nova/compute.yml", "applications: [nova]\nparameters:\n  nova:\n    compute:\n      reserved_host_memory_mb: ${_param:nova_reserved}\n      database:\n        password: ${_param:nova_db_password}\n        url: mysql://nova:${_param:nova_db_password}@db/nova\n");
            Write("classes/system/keystone/server.yml", "applications: [keystone]\nparameters:\n  keystone:\n    server:\n      enabled: true\n");
            Write("classes/system/ceph/common.yml", "parameters:\n  ceph:\n    common:\n      keyring:\n        admin:\n          key: ${_param:ceph_admin_key}\n");
            Write("classes/cluster/lab/init.yml",
                "classes:\n- system.linux.system\n- system.ntp.client\n- system.ceph.common\nparameters:\n  _param:\n    ntp1: 0.pool.ntp.org\n    nova_reserved: 1100\n" +
                "    nova_db_password: s3cretNova\n    ceph_admin_key: AQBkeyAAAA==\n    cluster_domain: lab.local\n");
            Write("classes/cluster/lab/compute.yml", "classes:\n- cluster.lab\n- system.nova.compute\n");
            Write("classes/cluster/lab/control.yml", "classes:\n- cluster.lab\n- system.keystone.server\n");
            for (var i = 1; i <= computes; i++) Node($"cmp{i:000}", "compute");
            for (var i = 1; i <= 3; i++) Node($"ctl{i:00}", "control");
            Git("init", "-q");
            Commit("base");
        }

        public string Root { get; }
        public string Model { get; }

        public void Node(string name, string role) =>
            Write($"nodes/{name}.lab.local.yml", $"classes:\n- cluster.lab.{role}\nparameters:\n  _param:\n    hostname: {name}\n");

        public void Write(string relative, string yaml)
        {
            var full = Path.Combine(Model, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, yaml);
        }

        public void Replace(string relative, string from, string to)
        {
            var full = Path.Combine(Model, relative);
            var text = File.ReadAllText(full);
            if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"'{from}' is not in {relative}");
            File.WriteAllText(full, text.Replace(from, to, StringComparison.Ordinal));
        }

        public void Delete(string relative) => File.Delete(Path.Combine(Model, relative));

        public void Commit(string message)
        {
            Git("add", "-A");
            Git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "--allow-empty", "-m", message);
        }

        public string Git(params string[] args)
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(" ", args)}: {error}");
            return output;
        }

        /// Compares two revisions, or a revision with the working tree (difference null).
        public ModelComparison.Result Compare(string reference, string? difference = null, string? target = null) =>
            ModelComparison.Run(
                c => ModelSide.FromRevision(Model, reference, "Reference", c),
                c => difference == null ? new ModelSide("working tree", ReclassModel.Open(Model)) : ModelSide.FromRevision(Model, difference, "Difference", c),
                target == null ? null : McpTarget.Parse(target), CancellationToken.None);

        public static string[] CompareTemps() =>
            Directory.GetDirectories(Path.GetTempPath(), "mcp-compare-*").OrderBy(d => d, StringComparer.Ordinal).ToArray();

        public void Dispose()
        {
            try
            {
                // git makes its objects read-only
                foreach (var f in Directory.GetFiles(Root, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
                Directory.Delete(Root, true);
            }
            catch (IOException) { }
        }
    }
}
