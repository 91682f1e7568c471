using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using McpModule.Settings;

namespace McpModule.Cmdlets
{
    /// Completes setting names: "Ssh" → SshUser, SshPort, SshKeyFile, SshKeyPassphrase.
    public sealed class SettingNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return McpSettingDefinitions.All
                .Where(d => pattern.IsMatch(d.Name))
                .Select(d => new CompletionResult(d.Name, d.Name, CompletionResultType.ParameterValue, d.Description))
                .ToList();
        }
    }
}
