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
            : this(name, entity.Name, entity.Uri, entity.Environment, entity.Classes.AsList(), entity.Applications.AsList(),
                   entity.Parameters.AsDict(), entity.Exports.AsDict(), asksInventory, entity.ClassesRead ?? Array.Empty<string>())
        {
        }

        /// A render as made (above), or read back from the render cache.
        internal RenderedNode(string name, string entityName, string uri, object environment, IReadOnlyList<string> classes,
                              IReadOnlyList<string> applications, OrderedMap parameters, OrderedMap exports, bool asksInventory, IReadOnlyList<string> classesRead)
        {
            Name = name;
            EntityName = entityName;
            Uri = uri;
            EnvironmentValue = environment;
            Environment = environment as string ?? PythonFormat.Str(environment);
            Classes = classes;
            Applications = applications;
            Parameters = parameters;
            Exports = exports;
            AsksInventory = asksInventory;
            ClassesRead = classesRead;
        }

        public string Name { get; }
        public string Uri { get; }
        public string File => ModelException.PathOf(Uri);
        public string Environment { get; }
        internal object EnvironmentValue { get; }
        public IReadOnlyList<string> Classes { get; }
        public IReadOnlyList<string> Applications { get; }
        public OrderedMap Parameters { get; }
        public OrderedMap Exports { get; }

        /// Whether its render asked the inventory (other nodes' exports) for something.
        public bool AsksInventory { get; }
        /// Every class name its render looked up, found or not (Compare-McpModel: a node whose
        /// files are the same on both sides renders the same, unless it asks the inventory).
        public IReadOnlyList<string> ClassesRead { get; }

        /// Whether another model with the same reclass settings renders this node the same, given
        /// whether each file it read is the same there (same: is a node's file, name; a class
        /// looked up and not found is the same where it is not found either). A render reads only
        /// its node's file and the classes it looks up, unless it asks the inventory for other
        /// nodes' exports. Compare-McpModel and the render cache both decide by this.
        internal bool RendersAlike(Func<bool, string, bool> same)
        {
            if (AsksInventory || !same(true, Name)) return false;
            foreach (var name in ClassesRead)
                if (!same(false, name)) return false;
            return true;
        }
        internal string EntityName { get; }

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
