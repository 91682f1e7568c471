using System;
using System.Collections.Generic;
using McpModule.Model.Data;
using McpModule.Model.Entities;

namespace McpModule.Model
{
    /// A node with its classes, applications and rendered parameters (its pillar).
    internal sealed class RenderedNode
    {
        internal RenderedNode(string name, Entity entity)
        {
            Name = name;
            EntityName = entity.Name;
            Uri = entity.Uri;
            EnvironmentValue = entity.Environment;
            Environment = entity.Environment as string ?? PythonFormat.Str(entity.Environment);
            Classes = entity.Classes.AsList();
            Applications = entity.Applications.AsList();
            Parameters = entity.Parameters.AsDict();
            Exports = entity.Exports.AsDict();
        }

        public string Name { get; }
        public string Uri { get; }
        public string File => ModelException.PathOf(Uri);
        public string Environment { get; }
        private object EnvironmentValue { get; }
        public IReadOnlyList<string> Classes { get; }
        public IReadOnlyList<string> Applications { get; }
        public OrderedMap Parameters { get; }
        public OrderedMap Exports { get; }
        private string EntityName { get; }

        /// What `reclass --nodeinfo` prints for the node.
        public OrderedMap ToNodeInfo()
        {
            var info = new OrderedMap
            {
                ["__reclass__"] = new OrderedMap
                {
                    ["node"] = EntityName,
                    ["name"] = Name,
                    ["uri"] = Uri,
                    ["environment"] = EnvironmentValue,
                    ["timestamp"] = DateTime.Now.ToString("ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture),
                },
                ["classes"] = new List<object>(Classes),
                ["applications"] = new List<object>(Applications),
                ["parameters"] = Parameters,
                ["exports"] = Exports,
                ["environment"] = EnvironmentValue,
            };
            return info;
        }
    }
}
