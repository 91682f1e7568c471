using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using McpModule.Model.Data;
using McpModule.Ceph;
using McpModule.Ceph.DriveGroups;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// The devices an OSD spec (cephadm's drive group) selects on each node, and their roles, as
    /// cephadm selects them; offline, from McpCephDevice objects or `ceph-volume inventory` files.
    [Cmdlet(VerbsCommon.Select, "McpCephDevice")]
    [OutputType(typeof(McpCephDeviceSelection))]
    public sealed class SelectMcpCephDeviceCommand : PSCmdlet
    {
        /// The spec: a YAML or JSON file, the spec's YAML or JSON text, a hashtable, or an OsdSpec.
        /// A file or text may hold several specs (YAML documents, or a list).
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public object Spec { get; set; }

        /// Devices (Get-McpCephDevice), collected from the pipeline and selected per node.
        [Parameter(ValueFromPipeline = true)]
        public McpCephDevice[] Device { get; set; }

        /// `ceph-volume inventory --format json` files; the node is each file's name without its
        /// extension (osd01.ceph.local.json), or -Node.
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] InventoryFile { get; set; }

        /// The node of the -InventoryFile (one file), and of piped devices that name none.
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Node { get; set; }

        private readonly List<OsdSpec> _specs = new List<OsdSpec>();
        private readonly List<McpCephDevice> _devices = new List<McpCephDevice>();

        protected override void BeginProcessing()
        {
            if (!string.IsNullOrEmpty(Node) && InventoryFile != null && InventoryFile.Length > 1)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Node names the node of one inventory file; name several files after their nodes (osd01.ceph.local.json) instead."),
                    "Mcp.Ceph.NodeOfSeveralFiles", ErrorCategory.InvalidArgument, Node));
            var items = Spec is PSObject ps ? ps.BaseObject : Spec;
            var specs = items is IList list && !(items is string) ? list.Cast<object>() : new[] { items };
            foreach (var item in specs)
            {
                try { _specs.AddRange(ReadSpec(item is PSObject p ? p.BaseObject : item)); }
                catch (OsdSpecException e) { ThrowTerminatingError(CephErrorRecords.InvalidSpec(e, item)); }
            }
        }

        protected override void ProcessRecord()
        {
            if (Device == null) return;
            foreach (var d in Device)
            {
                if (d == null) continue;
                _devices.Add(string.IsNullOrEmpty(d.Node) && !string.IsNullOrEmpty(Node) ? d.WithNode(Node) : d);
            }
        }

        protected override void EndProcessing()
        {
            foreach (var (file, path) in InventoryPaths())
            {
                try { _devices.AddRange(CephDeviceInventory.ReadFile(path, Node)); }
                catch (Exception e) when (e is FormatException || e is IOException || e is UnauthorizedAccessException)
                {
                    WriteError(CephErrorRecords.InvalidInventory(e, file));
                }
            }
            var nodes = _devices.Select(d => d.Node).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var spec in _specs)
            {
                List<McpCephDeviceSelection> selection;
                try { selection = DriveSelector.Select(spec, _devices); }
                catch (OsdSpecException e) { WriteError(CephErrorRecords.InvalidSpec(e, spec)); continue; }
                if (selection.Count == 0)
                {
                    var placed = nodes.Count(n => spec.Places(new McpNode(n)));
                    WriteError(CephErrorRecords.SelectsNothing(spec, _devices.Count, nodes.Count, placed));
                    continue;
                }
                WriteObject(selection, enumerateCollection: true);
            }
        }

        /// The -InventoryFile paths, wildcards expanded (one that matches nothing is an error).
        private IEnumerable<(string File, string Path)> InventoryPaths()
        {
            foreach (var file in InventoryFile ?? Array.Empty<string>())
            {
                if (!WildcardPattern.ContainsWildcardCharacters(file))
                {
                    yield return (file, SessionState.Path.GetUnresolvedProviderPathFromPSPath(file));
                    continue;
                }
                IEnumerable<string> paths;
                try { paths = SessionState.Path.GetResolvedProviderPathFromPSPath(file, out _); }
                catch (ItemNotFoundException e)
                {
                    WriteError(CephErrorRecords.InvalidInventory(new FileNotFoundException(e.Message, e), file));
                    continue;
                }
                foreach (var path in paths.OrderBy(p => p, StringComparer.Ordinal)) yield return (file, path);
            }
        }

        /// A spec object, a map, a file or text.
        private IReadOnlyList<OsdSpec> ReadSpec(object item)
        {
            switch (item)
            {
                case OsdSpec spec: return new[] { spec };
                case FileInfo file: return OsdSpecReader.ReadFile(file.FullName);
                case IDictionary map: return OsdSpecReader.Parse(ToModel(map), "the -Spec hashtable");
                case string text:
                    var trimmed = text.Trim();
                    if (trimmed.IndexOf('\n') < 0 && !trimmed.StartsWith("{", StringComparison.Ordinal) && !trimmed.StartsWith("[", StringComparison.Ordinal))
                    {
                        // a path, unless it is no file and reads as YAML ("data_devices: {all: true}")
                        var isYaml = trimmed.IndexOf(": ", StringComparison.Ordinal) >= 0;
                        string path = null;
                        try { path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(trimmed); }
                        catch (SessionStateException) when (isYaml) { }   // "data_devices: ..." is no drive
                        if (path != null && (File.Exists(path) || !isYaml)) return OsdSpecReader.ReadFile(path);
                    }
                    return OsdSpecReader.ParseText(text, "the -Spec text");
                default:
                    throw new OsdSpecException("-Spec", "", $"a {item.GetType().Name} is no spec: give a file, the spec's YAML or JSON text, or a hashtable");
            }
        }

        /// A hashtable as model values: maps with text keys, lists, scalars (ints as longs).
        private static object ToModel(object value)
        {
            if (value is PSObject ps) value = ps.BaseObject;
            switch (value)
            {
                case IDictionary map:
                    var result = new OrderedMap();
                    foreach (DictionaryEntry e in map) result[Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)] = ToModel(e.Value);
                    return result;
                case string s: return s;
                case int i: return (long)i;
                case IList list: return list.Cast<object>().Select(ToModel).ToList();
                default: return value;
            }
        }
    }
}
