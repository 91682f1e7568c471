using System;
using System.Collections.Generic;
using McpModule.Model.Data;
using McpModule.Model.Entities;

namespace McpModule.Model
{
    /// A node with its classes, applications and rendered parameters (its pillar).
    internal sealed class RenderedNode
    {
        internal RenderedNode(string name, Entity entity, bool asksInventory)
        {
            AsksInventory = asksInventory;
            ClassesRead = entity.ClassesRead ?? (IReadOnlyList<string>)Array.Empty<string>();
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

        /// Whether its render asked the inventory (other nodes' exports) for something.
        public bool AsksInventory { get; }
        /// Every class name its render looked up, found or not (Compare-McpModel: a node whose
        /// files are the same on both sides renders the same, unless it asks the inventory).
        public IReadOnlyList<string> ClassesRead { get; }
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
