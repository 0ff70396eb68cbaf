import ArgumentParser
import Billing
import Dashboard
import DashboardRuntime
import Foundation
import Services
import Terminal

/// `proxydash [--data DIR]`: the dashboard on a store; an empty store opens on log-in.
struct Open: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open", abstract: "Interactive dashboard on the store in DIR (the default command).")

  @Option(
    help:
      "Store folder (default: $PROXYDASH_HOME, else $XDG_DATA_HOME/proxydash, else ~/.local/share/proxydash)."
  )
  var data: String?

  @OptionGroup var display: DisplayOptions

  var request: OpenRequest { OpenRequest(data: data, display: display.choice) }

  func run() throws { try request.run() }
}

/// What `open` was asked, as plain values: `QuickArguments` builds it without
/// ArgumentParser, `Open` with it.
struct OpenRequest: Equatable {
  var data: String?
  var display = DisplayChoice()

  func run() throws {
    StartupProbe.mark("arguments")
    let now = try parseNow(display.now)
    let folder = try storeFolder(data) ?? Launch.defaultStoreFolder()
    try checkTerminal()
    let clock: any Clock = now.map { FixedClock($0) } ?? SystemClock()
    let service: ProxyDashService
    do {
      service = try Launch.openStore(folder, clock: clock)
    } catch {
      throw Exit.failure(error.description)
    }
    let runtime = Runtime(
      state: AppState(width: 80, height: 24, ascii: display.ascii), service: service,
      demoClock: clock as? FixedClock)
    try Interactive.run(runtime, display: display)
  }
}

/// `proxydash demo`: a scratch copy of demo-data, logged in as a persona, with time travel.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The dashboard on a fresh copy of the demo data, with the demo clock.")

  @Option(help: "Demo persona to log in as.")
  var account = "ava@example.com"

  @Flag(help: "Play the guided tour (demo-data/tour.pdscript): any key pauses or resumes, Esc leaves it.")
  var autoplay = false

  @Option(help: "Tour pace: 2 is twice as fast.")
  var speed = 1.0

  @OptionGroup var display: DisplayOptions

  var request: DemoRequest {
    DemoRequest(account: account, autoplay: autoplay, speed: speed, display: display.choice)
  }

  func run() throws { try request.run() }
}

/// What `demo` was asked, as plain values (see `OpenRequest`).
struct DemoRequest: Equatable {
  var account = "ava@example.com"
  var autoplay = false
  var speed = 1.0
  var display = DisplayChoice()

  func run() throws {
    StartupProbe.mark("arguments")
    let now = try parseNow(display.now)
    try checkTerminal()
    let demo: DemoSession
    do {
      demo = try DemoSession.start(now: now)
    } catch {
      throw Exit.failure(error.description)
    }
    defer { demo.cleanUp() }
    let runtime = demo.runtime(width: 80, height: 24, ascii: display.ascii)
    do {
      try runtime.logIn(as: account)
    } catch {
      throw Exit.failure(error.description)
    }
    StartupProbe.mark("log-in")
    var tour: KeystrokeScript?
    if autoplay {
      guard speed > 0, speed <= 100 else { throw Exit.usage("--speed takes a number from 0.1 to 100.") }
      do {
        let file = try DemoLocation.demoDataFolder().appendingPathComponent("tour.pdscript")
        tour = try KeystrokeScript.parse(String(contentsOf: file, encoding: .utf8))
      } catch let error as KeystrokeScript.ParseError {
        throw Exit.failure("demo-data/tour.pdscript \(error.description)")
      } catch {
        throw Exit.failure("Cannot read the tour: \(error)")
      }
    }
    try Interactive.run(runtime, display: display, tour: tour.map { Tour(script: $0, speed: speed) })
  }
}

/// `proxydash init DIR --from demo-data`.
struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Create a store in DIR from the demo data.")

  @Argument(help: "The new store's folder (must not hold a store).")
  var directory: String

  @Option(help: "The demo-data folder to load.")
  var from: String

  func run() throws {
    let folder = try storeFolder(directory) ?? URL(fileURLWithPath: directory)
    do {
      let count = try Launch.initStore(at: folder, from: URL(fileURLWithPath: from))
      print("Created a store in \(directory) with \(count) demo accounts.")
    } catch {
      throw Exit.failure(error.description)
    }
  }
}

/// `proxydash script FILE`: headless keystroke scripts against the real dashboard.
struct Script: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a keystroke script headless and print the final screen.")

  @Argument(help: "The keystroke script.")
  var file: String

  @Flag(help: "Work on a scratch copy of the demo data.")
  var demo = false

  @Option(help: "Work on this store (changes persist).")
  var data: String?

  @Option(help: "Log in as this account (no password needed).")
  var account: String?

  @Option(help: "Screen size as COLSxROWS.")
  var size = "100x30"

  @Option(help: "Pretend it is this moment (ISO 8601).")
  var now: String?

  @Flag(help: "ASCII borders and bars.")
  var ascii = false

  func validate() throws {
    if demo && data != nil { throw ValidationError("Use either --demo or --data, not both.") }
    if !demo && data == nil { throw ValidationError("Say which store: --demo or --data DIR.") }
  }

  func run() throws {
    StartupProbe.mark("arguments")
    let parts = size.lowercased().split(separator: "x")
    guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0,
      width <= 1000, height <= 1000
    else {
      throw Exit.usage("--size takes COLSxROWS, e.g. 80x24, not \"\(size)\".")
    }
    let source: String
    do {
      source = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
      throw Exit.usage("cannot read the script \(file): \(error.localizedDescription)")
    }
    let script: KeystrokeScript
    do {
      script = try KeystrokeScript.parse(source)
    } catch {
      throw Exit.usage("\(file) \(error.description)")
    }
    let moment = try parseNow(now)
    let folder = try storeFolder(data)
    let runtime: Runtime
    var scratch: DemoSession?
    defer { scratch?.cleanUp() }
    do {
      if demo {
        let session = try DemoSession.start(now: moment)
        scratch = session
        runtime = session.runtime(width: width, height: height, ascii: ascii)
        try runtime.logIn(as: account ?? "ava@example.com")
      } else {
        let clock: any Clock = moment.map { FixedClock($0) } ?? SystemClock()
        let service = try Launch.openStore(folder ?? URL(fileURLWithPath: "."), clock: clock)
        runtime = Runtime(
          state: AppState(width: width, height: height, ascii: ascii), service: service,
          demoClock: clock as? FixedClock)
        if let account { try runtime.logIn(as: account) }
      }
    } catch {
      throw Exit.failure(error.description)
    }
    StartupProbe.mark("log-in")
    _ = runtime.render()
    StartupProbe.reportFirstFrame()
    switch ScriptRunner.run(script, on: runtime, output: { print($0 + "\n") }) {
    case .success(let screen):
      print(screen)
    case .failure(let failure):
      print(failure.screen)
      throw Exit.failure("\(file) line \(failure.line.number): \(failure.message): \(failure.line.text)")
    }
  }
}

/// `--data DIR` as a folder. An empty DIR would silently mean the working folder, so
/// it is refused rather than guessed.
func storeFolder(_ data: String?) throws -> URL? {
  guard let data else { return nil }
  guard !data.isEmpty else { throw Exit.usage("--data needs a folder, not an empty string.") }
  return URL(fileURLWithPath: data, isDirectory: true)
}

/// Refuses a run that cannot draw before it opens or creates a store (R31: a refused
/// run creates nothing).
func checkTerminal() throws {
  do {
    try TerminalSession.checkTerminal()
  } catch {
    throw Exit.usage(error.description)
  }
}
