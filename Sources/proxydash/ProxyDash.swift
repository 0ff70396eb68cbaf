import ArgumentParser
import Dashboard
import Foundation

/// Starts the program. The interactive commands in their plain forms (`proxydash`,
/// `demo`, `ssh session`) are read by `QuickArguments`: ArgumentParser's first parse
/// looks up dozens of protocol conformances, each a scan of every conformance in the
/// binary, and was a third of the time to the first frame. Everything else, `--help`,
/// every error and every other command, goes through ArgumentParser as before.
@main
enum Entry {
  static func main() {
    StartupProbe.mark("main")
    guard let command = QuickArguments.parse(Array(CommandLine.arguments.dropFirst())) else {
      ProxyDash.main()
      return
    }
    do {
      try command.run()
    } catch {
      // What ArgumentParser does with an error from `run()`: an ExitCode exits quietly
      // with its code, anything else is printed.
      ProxyDash.exit(withError: error)
    }
  }
}

/// The command line of DESIGN.md (a contract: tests and demos rely on it).
struct ProxyDash: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "proxydash",
    abstract: "A terminal dashboard for your proxy plans: usage, plans, billing, emails.",
    version: "0.1.0",
    subcommands: [
      Open.self, Demo.self, Init.self, Script.self, BillingCommand.self, CatalogCommand.self, Ssh.self,
    ],
    defaultSubcommand: Open.self)
}

/// Options every interactive command shares.
struct DisplayOptions: ParsableArguments {
  @Option(help: "Theme: default, light, high-contrast, monochrome, or a theme file.")
  var theme: String?

  @Flag(help: "ASCII borders and bars.")
  var ascii = false

  @Option(help: "Pretend it is this moment (ISO 8601, e.g. 2026-11-16T10:00:00Z).")
  var now: String?

  var choice: DisplayChoice { DisplayChoice(theme: theme, ascii: ascii, now: now) }
}

/// `DisplayOptions` as plain values.
struct DisplayChoice: Equatable {
  var theme: String?
  var ascii = false
  var now: String?
}

/// Exit codes of DESIGN.md: 0 ok, 1 failure of what was asked, 2 bad usage.
enum Exit {
  static func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("proxydash: " + message + "\n").utf8))
    return ExitCode(1)
  }

  static func usage(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("proxydash: " + message + "\n").utf8))
    return ExitCode(2)
  }
}

/// Parses `--now`.
func parseNow(_ text: String?) throws -> Date? {
  guard let text else { return nil }
  let formatter = ISO8601DateFormatter()
  if let date = formatter.date(from: text) { return date }
  formatter.formatOptions = [.withFullDate]
  if let date = formatter.date(from: text) { return date }
  throw Exit.usage("--now takes an ISO 8601 moment such as 2026-11-16T10:00:00Z, not \"\(text)\".")
}
