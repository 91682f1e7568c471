#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Planning
{
    /// Which part of the cloud a VCP role belongs to: the roles of a component come and go together.
    public enum McpVcpComponent
    {
        /// ctl, msg, dbs, prx, cfg: always there.
        OpenStack,
        /// mon, mtr, log.
        StackLight,
        /// cid.
        DriveTrain,
        /// mdb: the OpenStack telemetry (metering) database.
        Telemetry,
        /// gtw: Neutron gateways as VMs, as the compact layout has them (our templates put them on bare metal).
        VirtualGateways,
        /// ntw, nal: in our templates, not in the compact table.
        OpenContrail,
        /// cmn, rgw: in our templates, not in the compact table.
        Ceph,
    }

    /// One row of the reference's VCP table: a role, the salt:control size our templates name it by,
    /// how many VMs, their size, and the kvm hosts they sit on. Figures are null for the roles our
    /// templates create that the table has no figure for.
    public sealed class McpVcpRoleSize
    {
        internal McpVcpRoleSize(string role, string sizeName, McpVcpComponent component, int instances,
                                int? vcpu, int? ramGb, int? diskGb, string[] hosts, string? note = null)
        {
            Role = role; SizeName = sizeName; ComponentValue = component; Instances = instances;
            VcpuPerInstance = vcpu; RamGbPerInstance = ramGb; DiskGbPerInstance = diskGb;
            Hosts = McpList.Of(hosts); Note = note;
        }

        /// The host name prefix of the role's VMs (ctl, msg ...).
        public string Role { get; }
        /// The size name in salt:control (openstack.control), also the role's cluster class.
        public string SizeName { get; }
        /// The part of the cloud the role belongs to: an McpVcpComponent by name, so that it exports as one.
        public string Component => ComponentValue.ToString();
        internal McpVcpComponent ComponentValue { get; }
        public int Instances { get; }
        public int? VcpuPerInstance { get; }
        public int? RamGbPerInstance { get; }
        public int? DiskGbPerInstance { get; }
        /// The kvm hosts the role's VMs sit on, one VM each.
        public IReadOnlyList<string> Hosts { get; }
        /// Why a row has no figures; null for the rows of the table.
        public string? Note { get; }
        public bool HasFigures => VcpuPerInstance != null;

        public override string ToString() => HasFigures
            ? $"{Role} ({SizeName}): {Instances} x {VcpuPerInstance} vCPU, {RamGbPerInstance} GB RAM, {DiskGbPerInstance} GB disk"
            : $"{Role} ({SizeName}): {Instances} VMs, {Note}";
    }

    /// The VCP sizing of the compact cloud in the Mirantis MCP Reference Architecture Q4'18,
    /// "OpenStack compact cloud", table "Resource requirements per VCP and DriveTrain roles"
    /// (https://docs.mirantis.com/mcp/q4-18/mcp-ref-arch/openstack-environment-plan/openstack-ref-arch-compact.html):
    /// up to 500 virtual servers or 50 hypervisor hosts on 3 kvm infrastructure nodes, 30 VCP
    /// instances. The seed text lost this table (its "Virtual control plane requirements" section).
    internal static class McpVcpReference
    {
        public const int MaxInstances = 500;
        public const int MaxHypervisors = 50;
        public const string Source = "Mirantis MCP Reference Architecture Q4'18, OpenStack compact cloud, " +
            "https://docs.mirantis.com/mcp/q4-18/mcp-ref-arch/openstack-environment-plan/openstack-ref-arch-compact.html";
        public const string NoFigures = "not in the compact reference table";

        public static readonly IReadOnlyList<string> KvmHosts = new[] { "kvm01", "kvm02", "kvm03" };
        private static readonly string[] All3 = { "kvm01", "kvm02", "kvm03" };

        /// The table as the page gives it (role, physical servers, instances, vCores, RAM GB, disk GB).
        public static readonly IReadOnlyList<McpVcpRoleSize> Table = new[]
        {
            new McpVcpRoleSize("ctl", "openstack.control", McpVcpComponent.OpenStack, 3, 8, 32, 100, All3),
            new McpVcpRoleSize("msg", "openstack.message_queue", McpVcpComponent.OpenStack, 3, 8, 32, 100, All3),
            new McpVcpRoleSize("dbs", "openstack.database", McpVcpComponent.OpenStack, 3, 8, 16, 100, All3),
            new McpVcpRoleSize("prx", "openstack.proxy", McpVcpComponent.OpenStack, 2, 4, 8, 50, new[] { "kvm02", "kvm03" }),
            new McpVcpRoleSize("cfg", "infra.config", McpVcpComponent.OpenStack, 1, 2, 8, 50, new[] { "kvm01" }),
            new McpVcpRoleSize("mon", "stacklight.monitor", McpVcpComponent.StackLight, 3, 4, 16, 500, All3),
            new McpVcpRoleSize("mtr", "stacklight.telemetry", McpVcpComponent.StackLight, 3, 4, 32, 1000, All3),
            new McpVcpRoleSize("log", "stacklight.log", McpVcpComponent.StackLight, 3, 4, 32, 2000, All3),
            new McpVcpRoleSize("cid", "cicd.control", McpVcpComponent.DriveTrain, 3, 8, 32, 100, All3),
            new McpVcpRoleSize("gtw", "openstack.gateway", McpVcpComponent.VirtualGateways, 3, 4, 16, 50, All3),
            new McpVcpRoleSize("mdb", "openstack.telemetry", McpVcpComponent.Telemetry, 3, 4, 8, 150, All3),
        };

        /// VCP roles our templates create (McpRole VmSize) that the table has no figure for: they are
        /// listed, never given invented figures. Three VMs each, one per kvm host, as New-McpCluster places them.
        public static readonly IReadOnlyList<McpVcpRoleSize> WithoutFigures = new[]
        {
            new McpVcpRoleSize("ntw", "opencontrail.control", McpVcpComponent.OpenContrail, 3, null, null, null, All3, NoFigures),
            new McpVcpRoleSize("nal", "opencontrail.analytics", McpVcpComponent.OpenContrail, 3, null, null, null, All3, NoFigures),
            new McpVcpRoleSize("cmn", "ceph.mon", McpVcpComponent.Ceph, 3, null, null, null, All3, NoFigures),
            new McpVcpRoleSize("rgw", "ceph.rgw", McpVcpComponent.Ceph, 3, null, null, null, All3, NoFigures),
        };

        /// The table's row for a salt:control size name, or null when the table has no figure for it.
        public static McpVcpRoleSize Find(string sizeName) =>
            Table.FirstOrDefault(r => string.Equals(r.SizeName, sizeName, StringComparison.Ordinal));
    }
}
