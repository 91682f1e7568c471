using System;
using System.Globalization;
using System.Management.Automation;
using McpModule.States;

namespace McpModule.Cmdlets
{
    /// Turns -Shard "2/8" into an McpShard when the parameter is bound, so a bad shard ("0/8",
    /// "9/8", "x/y", "2/0") is a parameter binding error naming -Shard and nothing runs.
    public sealed class ShardArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (value == null || value is McpShard) return value;
            var text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
            if (McpShard.TryParse(text, out var shard, out var problem)) return shard;
            throw new ArgumentTransformationMetadataException(problem);
        }
    }

    /// A run id given by the user (-RunId) must name journal files: letters, digits, '.', '_' and
    /// '-', starting with a letter or digit, at most 128 characters (RunJournal.IsValidRunId), so a
    /// CI build id ("4711", "main-4711.2") fits and nothing can climb out of the journal folder.
    public sealed class ValidateRunIdAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            var text = value as string;
            if (!States.Journal.RunJournal.IsValidRunId(text))
                throw new ValidationMetadataException(
                    $"'{value}' cannot be a run id: it names the run's journal files, so it is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit (a CI build id such as 4711 or main-4711.2).");
        }
    }
}
