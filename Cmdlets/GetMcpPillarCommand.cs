using System;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// Renders the parameters (pillar) of model nodes, whole or at one key, as
    /// PowerShell dictionaries, JSON or YAML.
    [Cmdlet(VerbsCommon.Get, "McpPillar", DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(OrderedDictionary), typeof(object[]), typeof(string), typeof(long), typeof(double), typeof(bool),
                ParameterSetName = new[] { ObjectSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { JsonSet, YamlSet })]
    public sealed class GetMcpPillarCommand : McpModelCmdlet
    {
        private const string ObjectSet = "Object";
        private const string JsonSet = "Json";
        private const string YamlSet = "Yaml";

        /// Node names: full ("ctl01.lab.local"), short ("ctl01") or wildcards.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(NodeNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Node { get; set; }

        /// The model (inventory) path, or any path inside it; the current location by default.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; }

        /// A key path into the pillar, parts separated by ':' as in Salt ("keystone:server:database").
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Key { get; set; }

        /// Output YAML text instead of objects.
        [Parameter(Mandatory = true, ParameterSetName = YamlSet)]
        public SwitchParameter AsYaml { get; set; }

        /// Output JSON text instead of objects.
        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        public SwitchParameter AsJson { get; set; }

        protected override void ProcessRecord()
        {
            var path = ResolveSinglePath(Path);
            if (path == null) return;
            var entry = GetEntry(path);
            ReclassModel model;
            try { model = ModelOf(entry); }
            catch (ModelException e) { ThrowModelError(e, path); return; }

            foreach (var requested in Node)
            {
                foreach (var name in NodeNames(model, requested))
                {
                    RenderedNode rendered;
                    try { rendered = Render(model, name); }
                    catch (ModelException e)
                    {
                        WriteModelError(e, name);
                        continue;
                    }
                    if (!PillarKey.TrySelect(rendered.Parameters, Key, out var value, out var missingAt))
                    {
                        WriteError(ModelErrorRecords.KeyNotFound(name, Key, missingAt));
                        continue;
                    }
                    if (AsJson) WriteObject(ModelJson.Serialize(value, indented: true));
                    else if (AsYaml) WriteObject(ModelYaml.Serialize(value));
                    else
                    {
                        // A list goes down the pipeline item by item; a dictionary stays whole.
                        var converted = PowerShellConversion.ToPowerShell(value);
                        WriteObject(converted, converted is object[]);
                    }
                }
            }
        }

        /// The model's node names a requested name stands for: the name itself, the one
        /// node whose short name it is, or every match of a wildcard. Writes an error when none.
        private string[] NodeNames(ReclassModel model, string requested)
        {
            var names = model.NodeNames;
            if (WildcardPattern.ContainsWildcardCharacters(requested))
            {
                var pattern = WildcardPattern.Get(requested, WildcardOptions.IgnoreCase);
                var matches = names.Where(n => pattern.IsMatch(n) || pattern.IsMatch(ShortName(n))).ToArray();
                if (matches.Length == 0) WriteError(ModelErrorRecords.NodeNotFound(requested, model.Path));
                return matches;
            }
            if (names.Contains(requested, StringComparer.Ordinal)) return new[] { requested };
            var byShortName = names.Where(n => string.Equals(ShortName(n), requested, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (byShortName.Length == 1) return byShortName;
            // Let the engine say it (it knows why: no file, a duplicate...).
            return new[] { requested };
        }

        private static string ShortName(string name)
        {
            var dot = name.IndexOf('.');
            return dot > 0 ? name.Substring(0, dot) : name;
        }
    }
}
