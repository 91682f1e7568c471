using McpModule.Model.Parameters;
using McpModule.Model.Values;

namespace McpModule.Model.Entities
{
    /// Classes, applications, parameters and exports of one file, or of everything
    /// merged so far for a node (reclass's Entity).
    internal sealed class Entity
    {
        public Entity(ReclassSettings settings, string name, string uri = "", string pathname = "", object environment = null,
                      ClassList classes = null, ApplicationList applications = null,
                      ParameterSet parameters = null, ExportSet exports = null)
        {
            Name = name ?? "";
            Uri = uri ?? "";
            Pathname = pathname ?? "";
            Environment = environment;
            Classes = classes ?? new ClassList();
            Applications = applications ?? new ApplicationList();
            Parameters = parameters ?? new ParameterSet(null, settings, uri);
            Exports = exports ?? new ExportSet(null, settings, uri);
        }

        public string Name { get; private set; }
        public string Uri { get; private set; }
        public string Pathname { get; }
        public object Environment { get; set; }
        public ClassList Classes { get; }
        public ApplicationList Applications { get; }
        public ParameterSet Parameters { get; }
        public ExportSet Exports { get; }

        /// For a node merged with its classes: every class name its merge looked up, found or
        /// not, in order. With the node file they are all a render reads besides an inventory.
        public System.Collections.Generic.IReadOnlyList<string> ClassesRead { get; set; }

        public void Merge(Entity other)
        {
            Classes.MergeUnique(other.Classes);
            Applications.MergeUnique(other.Applications);
            Parameters.Merge(other.Parameters);
            Exports.Merge(other.Exports);
            Name = other.Name;
            Uri = other.Uri;
            Parameters.Uri = other.Uri;
            if (other.Environment != null) Environment = other.Environment;
        }

        /// A private copy to render: the same names and values, nothing shared that
        /// rendering changes.
        public Entity Copy(ReclassSettings settings)
        {
            var classes = new ClassList();
            classes.MergeUnique(Classes);
            var applications = new ApplicationList();
            applications.MergeUnique(Applications);
            return new Entity(settings, Name, Uri, Pathname, Environment, classes, applications,
                              Parameters.Copy(), (ExportSet)Exports.Copy())
            { ClassesRead = ClassesRead };
        }

        public void InitialiseInterpolation()
        {
            Parameters.InitialiseInterpolation();
            Exports.InitialiseInterpolation();
        }

        public void Interpolate(Inventory inventory, System.Threading.CancellationToken cancellation = default)
        {
            Parameters.Interpolate(inventory, cancellation);
            InterpolateExports();
        }

        public void InterpolateExports()
        {
            InitialiseInterpolation();
            Exports.InterpolateFromExternal(Parameters);
        }
    }
}
