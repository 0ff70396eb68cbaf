/// The interactive commands' arguments in their plain forms, read without ArgumentParser
/// (see `Entry`); nil for anything else, which ArgumentParser then reads and answers as
/// before (`--help`, `--version`, every mistake, every other command):
///
///     proxydash [open] [--data DIR] [--theme NAME] [--ascii] [--now ISO8601]
///     proxydash demo [--account EMAIL] [--autoplay] [--speed N] [--theme NAME] [--ascii] [--now ISO8601]
///     proxydash ssh session --data DIR --key-id N [--ascii]
///
/// Each option at most once, as `--name value` with a value that does not start with
/// `-`, and nothing else on the line. Within those forms ArgumentParser reads the same
/// values (`QuickArgumentsTests` compares the two), so DESIGN.md's command line and every
/// message stay ArgumentParser's.
enum QuickArguments {
  enum Command: Equatable {
    case open(OpenRequest)
    case demo(DemoRequest)
    case sshSession(SshSessionRequest)

    func run() throws {
      switch self {
      case .open(let request): try request.run()
      case .demo(let request): try request.run()
      case .sshSession(let request): try request.run()
      }
    }
  }

  static func parse(_ arguments: [String]) -> Command? {
    switch arguments.first {
    case "demo": return demo(arguments.dropFirst())
    case "ssh":
      guard arguments.count > 1, arguments[1] == "session" else { return nil }
      return sshSession(arguments.dropFirst(2))
    case "open": return open(arguments.dropFirst())
    default: return open(arguments[...])
    }
  }

  // Arrays, not sets or dictionaries: a few names, and a Set<String> built at run time
  // costs a conformance lookup, which is what this reader is here to avoid.
  private static let displayValues = ["--theme", "--now"]
  private static let displayFlags = ["--ascii"]

  private static func open(_ arguments: ArraySlice<String>) -> Command? {
    guard let found = options(in: arguments, values: displayValues + ["--data"], flags: displayFlags)
    else { return nil }
    return .open(OpenRequest(data: found["--data"], display: display(found)))
  }

  private static func demo(_ arguments: ArraySlice<String>) -> Command? {
    guard
      let found = options(
        in: arguments, values: displayValues + ["--account", "--speed"], flags: displayFlags + ["--autoplay"])
    else { return nil }
    var request = DemoRequest(display: display(found))
    if let account = found["--account"] { request.account = account }
    request.autoplay = found["--autoplay"] != nil
    if let text = found["--speed"] {
      guard let speed = Double(text) else { return nil }
      request.speed = speed
    }
    return .demo(request)
  }

  private static func sshSession(_ arguments: ArraySlice<String>) -> Command? {
    guard let found = options(in: arguments, values: ["--data", "--key-id"], flags: ["--ascii"]),
      let data = found["--data"], let keyID = found["--key-id"].flatMap({ Int64($0) })
    else { return nil }
    return .sshSession(SshSessionRequest(data: data, keyID: keyID, ascii: found["--ascii"] != nil))
  }

  private static func display(_ found: Options) -> DisplayChoice {
    DisplayChoice(theme: found["--theme"], ascii: found["--ascii"] != nil, now: found["--now"])
  }

  /// The options found, by name; a flag's value is empty.
  private struct Options {
    var pairs: [(name: String, value: String)] = []

    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }
  }

  /// Each option's value by name, or nil when anything is not a known option given once
  /// in the plain form.
  private static func options(in arguments: ArraySlice<String>, values: [String], flags: [String]) -> Options?
  {
    var found = Options()
    var index = arguments.startIndex
    while index < arguments.endIndex {
      let name = arguments[index]
      guard found[name] == nil else { return nil }
      if flags.contains(name) {
        found.pairs.append((name, ""))
        index += 1
        continue
      }
      guard values.contains(name), index + 1 < arguments.endIndex else { return nil }
      let value = arguments[index + 1]
      guard !value.hasPrefix("-") else { return nil }
      found.pairs.append((name, value))
      index += 2
    }
    return found
  }
}
