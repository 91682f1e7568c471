#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Capacity
{
    /// Which nodes of a model are hypervisors, and in which availability zone, from their pillar:
    ///   nova:compute         an OpenStack compute; its zone nova:compute:availability_zone, or
    ///                        "nova" (OpenStack's default zone) when the pillar sets none
    ///   salt:control         a KVM host of the virtual control plane (virt_enabled, or VMs placed
    ///                        on it under salt:control:cluster: New-McpCluster's and MCP's models)
    ///   libvirt:server       a node running libvirtd, whatever else it is (the example lab's KVM hosts)
    ///   kubernetes:pool      a Kubernetes node that runs pods
    /// A service with enabled: false does not count. Zones of all but computes are none ("").
    internal static class Hypervisors
    {
        /// Nova's own default when a compute names no zone (nova.conf default_availability_zone).
        internal const string DefaultZone = "nova";

        /// The zone of a hypervisor; null when the node is none.
        internal static string? ZoneOf(IDictionary<string, object> pillar)
        {
            var compute = Service(pillar, "nova", "compute");
            if (compute != null)
                return compute.TryGetValue("availability_zone", out var zone) && zone is string z && z.Trim().Length > 0 ? z.Trim() : DefaultZone;
            var control = Service(pillar, "salt", "control");
            if (control != null && (IsTrue(control, "virt_enabled") || control.TryGetValue("cluster", out var c) && c is IDictionary<string, object> clusters && clusters.Count > 0))
                return "";
            if (Service(pillar, "libvirt", "server") != null || Service(pillar, "kubernetes", "pool") != null) return "";
            return null;
        }

        /// The hypervisors among the nodes with their zones, in the nodes' order.
        internal static List<(T Node, string Zone)> Select<T>(IEnumerable<T> nodes, Func<T, IDictionary<string, object>> pillar) =>
            nodes.Select(n => (Node: n, Zone: ZoneOf(pillar(n)))).Where(n => n.Zone != null).Select(n => (n.Node, n.Zone!)).ToList();

        /// The zone of a node as a hypervisor would have it, "" for any other node.
        internal static string ZoneOrNone(IDictionary<string, object> pillar) => ZoneOf(pillar) ?? "";

        // pillar:<application>:<role> when it is a mapping and not enabled: false
        private static IDictionary<string, object>? Service(IDictionary<string, object> pillar, string application, string role)
        {
            if (!pillar.TryGetValue(application, out var app) || !(app is IDictionary<string, object> a)) return null;
            if (!a.TryGetValue(role, out var r) || !(r is IDictionary<string, object> service)) return null;
            return service.TryGetValue("enabled", out var enabled) && IsFalse(enabled) ? null : service;
        }

        private static bool IsTrue(IDictionary<string, object> map, string key) =>
            map.TryGetValue(key, out var v) && (v is bool b && b || v is string s && s.Equals("true", StringComparison.OrdinalIgnoreCase));

        private static bool IsFalse(object? value) =>
            value is bool b && !b || value is string s && s.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}
