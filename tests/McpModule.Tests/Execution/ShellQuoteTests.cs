using System;
using System.Diagnostics;
using McpModule.Execution;
using Xunit;

namespace McpModule.Tests.Execution
{
    public sealed class ShellQuoteTests
    {
        [Theory]
        [InlineData("plain", "plain")]
        [InlineData("", "''")]
        [InlineData("a b", "'a b'")]
        [InlineData("it's", "'it'\\''s'")]
        [InlineData("$(reboot)", "'$(reboot)'")]
        [InlineData("-n", "'-n'")]
        public void Words_are_quoted_as_a_posix_shell_reads_them(string value, string quoted) =>
            Assert.Equal(quoted, ShellQuote.Quote(value));

        [Fact]
        public void A_nul_character_is_refused() =>
            Assert.Throws<ArgumentException>(() => ShellQuote.Quote("a\0b"));

        [Theory]
        [InlineData("it's $HOME `id` \"x\" \\ ; rm -rf / #")]
        [InlineData("line1\nline2\t'\"")]
        [InlineData("ünïcödé ☃")]
        public void A_real_shell_gets_back_exactly_the_text(string value)
        {
            var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("printf '%s' " + ShellQuote.Quote(value));
            using var p = Process.Start(psi);
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(value, output);
        }

        [Fact]
        public void A_script_command_runs_the_script_from_its_input_with_no_input_of_its_own_and_returns_its_exit_code()
        {
            var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(ShellQuote.ScriptCommand);
            using var p = Process.Start(psi);
            // (cat: the script's own input is empty, so it ends at once)
            p.StandardInput.Write("#!/bin/sh\necho \"it's $((6*7))\"\ncat\nexit 3\n");
            p.StandardInput.Close();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal("it's 42\n", output);
            Assert.Equal(3, p.ExitCode);
        }
    }
}
