import Billing
import Dashboard
import Foundation
import Services

/// Finding and opening stores for the commands.
enum Launch {
  /// DESIGN.md: $PROXYDASH_HOME, else $XDG_DATA_HOME/proxydash, else ~/.local/share/proxydash.
  static func defaultStoreFolder() -> URL {
    let environment = ProcessInfo.processInfo.environment
    if let home = environment["PROXYDASH_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg).appendingPathComponent("proxydash")
    }
    return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/proxydash")
  }

  static func openStore(_ folder: URL, clock: any Clock) throws(ServiceError) -> ProxyDashService {
    throw .notImplemented("Opening a store")
  }

  static func initStore(at folder: URL, from demoData: URL) throws(ServiceError) -> Int {
    throw .notImplemented("init")
  }
}

/// A demo run: a scratch copy of the demo store and its clock.
struct DemoSession {
  let service: ProxyDashService
  let clock: FixedClock
  let personas: [PersonaInfo]
  let reset: () throws(ServiceError) -> ProxyDashService

  static func start(now: Date?) throws(ServiceError) -> DemoSession {
    throw .notImplemented("The demo")
  }

  func runtime(width: Int, height: Int, ascii: Bool) -> Runtime {
    Runtime(
      state: AppState(width: width, height: height, ascii: ascii, isDemo: true, personas: personas),
      service: service, demoClock: clock, resetDemo: reset)
  }
}

/// The interactive loop over a real terminal.
enum Interactive {
  static func run(_ runtime: Runtime, display: DisplayOptions) throws {
    throw Exit.failure("The interactive terminal is not available yet: use `proxydash script`.")
  }
}
