import Billing
import Dashboard
import DashboardRuntime
import Foundation
import Services
import Storage
import Terminal
import TerminalUI

/// Finding and opening stores for the commands.
enum Launch {
  /// DESIGN.md's default folder; `Store.defaultDirectory` is the one place that knows it.
  static func defaultStoreFolder() -> URL { Store.defaultDirectory() }

  /// Opens (or creates) the store; a new store starts with the shipped catalog (R29).
  static func openStore(_ folder: URL, clock: any Clock) throws(ServiceError) -> ProxyDashService {
    let service = try ProxyDashService.open(directory: folder, clock: clock)
    try CatalogLocation.seedIfNew(service)
    return service
  }

  static func initStore(at folder: URL, from demoData: URL) throws(ServiceError) -> Int {
    try ProxyDashService.createDemoStore(at: folder, from: demoData).personas.count
  }

  static func buildStore(at folder: URL, from demoData: URL, now: Date?) throws(ServiceError) -> DemoDataset {
    try ProxyDashService.createDemoStore(at: folder, from: demoData, now: now)
  }
}

/// A demo run: a scratch copy of the demo store and its clock (DESIGN.md: the shipped
/// files are never written).
///
/// Replaying a year of hourly usage takes about a second, so the store is built once
/// into a template in the cache folder, keyed by the demo data's bytes. Every demo start
/// (and `R`) opens that template read-only, and the first write copies it.
struct DemoSession {
  let service: ProxyDashService
  let clock: FixedClock
  let personas: [PersonaInfo]
  let template: URL
  let start: Date
  let scratchRoot: URL

  static func start(now: Date?) throws(ServiceError) -> DemoSession {
    let demoData = try DemoLocation.demoDataFolder()
    StartupProbe.mark("demo data found")
    let template = try DemoTemplate.ensure(from: demoData, now: now)
    StartupProbe.mark("demo template")
    let scratchRoot = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(scratchPrefix)\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
    let info = try DemoTemplate.info(in: template)
    StartupProbe.mark("demo info")
    let clock = FixedClock(info.now)
    let service = try open(template: template, scratchRoot: scratchRoot, run: 0, clock: clock)
    StartupProbe.mark("store opened")
    return DemoSession(
      service: service, clock: clock, personas: info.personas, template: template, start: info.now,
      scratchRoot: scratchRoot)
  }

  /// The template itself, read-only: the first write copies it into this run's scratch
  /// folder, so a start (or `R`) copies nothing.
  private static func open(template: URL, scratchRoot: URL, run: Int, clock: FixedClock) throws(ServiceError)
    -> ProxyDashService
  {
    try ProxyDashService.openTemplate(
      template.appendingPathComponent("store"),
      copyingOnFirstWriteTo: scratchRoot.appendingPathComponent("run-\(run)"), clock: clock)
  }

  func runtime(width: Int, height: Int, ascii: Bool) -> Runtime {
    var run = 0
    let template = template
    let scratchRoot = scratchRoot
    let clock = clock
    let start = start
    return Runtime(
      state: AppState(width: width, height: height, ascii: ascii, isDemo: true, personas: personas),
      service: service, demoClock: clock,
      resetDemo: { () throws(ServiceError) -> ProxyDashService in
        run += 1
        clock.set(start)
        return try DemoSession.open(template: template, scratchRoot: scratchRoot, run: run, clock: clock)
      })
  }

  /// Removes the scratch copies; the template stays for the next start. Also removes
  /// what demos that were killed left behind (scratch copies, half-built templates):
  /// their process is gone, so is their need.
  func cleanUp() {
    try? FileManager.default.removeItem(at: scratchRoot)
    Self.removeOrphanedScratch(in: scratchRoot.deletingLastPathComponent())
    DemoTemplate.removeAbandonedBuilds()
  }

  static let scratchPrefix = "proxydash-demo-"

  /// Scratch folders are named `proxydash-demo-PID-RANDOM`; one whose process no longer
  /// exists is an orphan. A live process (a reused PID included) keeps its folder. Only
  /// real folders of exactly that name, owned by this user, are removed, never a link
  /// (R31: the temporary folder is shared with everyone else's files).
  static func removeOrphanedScratch(in folder: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names {
      guard let pid = scratchProcess(name) else { continue }
      let path = folder.appendingPathComponent(name).path
      var info = stat()
      guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else {
        continue
      }
      if kill(pid, 0) != 0 && errno == ESRCH {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
  }

  /// The process id in a scratch folder's name, when `name` is exactly
  /// `proxydash-demo-PID-RANDOM` with decimal numbers.
  static func scratchProcess(_ name: String) -> Int32? {
    guard name.hasPrefix(scratchPrefix) else { return nil }
    let parts = name.dropFirst(scratchPrefix.count).split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let pid = Int32(parts[0]), pid > 0, UInt32(parts[1]) != nil
    else { return nil }
    return pid
  }
}

/// The interactive loop over a real terminal.
enum Interactive {
  /// `overSSH` (R30): logging out ends the run, since a key's session must never reach
  /// the log-in screen and another account.
  static func run(
    _ runtime: Runtime, display: DisplayChoice, tour: Tour? = nil, overSSH: Bool = false
  ) throws {
    var theme = Theme.standard
    var themeProblem: String?
    if let name = display.theme {
      do {
        theme = try Theme.load(nameOrPath: name)
      } catch {
        // DESIGN.md: a bad theme is refused with the line named, and the default is used.
        themeProblem = "\(error.description) Using the default theme."
        FileHandle.standardError.write(Data(("proxydash: " + (themeProblem ?? "") + "\n").utf8))
      }
    }
    StartupProbe.mark("theme")
    let session: TerminalSession
    do {
      session = try TerminalSession.start(theme: theme)
    } catch {
      throw Exit.usage(error.description)
    }
    defer { session.stop() }
    StartupProbe.mark("terminal")
    let size = session.size
    runtime.configure { state in
      state.width = size.width
      state.height = size.height
      if display.ascii || !session.canDrawLineCharacters { state.glyphs = .ascii }
      if let themeProblem { state.banner = Banner(themeProblem, tone: .warning) }
    }
    if let tour { tour.play(on: runtime, session: session) }
    let frameLog = FrameLog()
    var keyRead: UInt64?
    while !runtime.shouldQuit && !(overSSH && runtime.state.snapshot == nil) {
      let frame = runtime.render()
      StartupProbe.mark("rendered")
      // R32: a payment, cancel or refund pop-up is about to appear; keys already waiting
      // were typed before anyone could read it. They are dropped before the frame is
      // drawn, not after: a key pressed once the pop-up is visible must count, however
      // long this process takes to get from drawing to flushing.
      if runtime.showedNewConfirmation { session.discardTypedAhead() }
      session.draw(frame)
      StartupProbe.reportFirstFrame()
      if let frameLog, let keyRead { frameLog.record(since: keyRead) }
      // A demo draws its first frame straight from the template (and again after `R`);
      // it copies the template now, while that frame is being read, so that no key
      // waits for the copy. Keys typed meanwhile wait in the terminal. A failure here
      // comes back, with its message, at the first write.
      if runtime.service.store.isUncopiedTemplate { try? runtime.service.store.prepareForWriting() }
      // On the real clock, wait for a key no longer than the next due moment: then the
      // billing step runs and the screen redraws (R28). nil without a timeout means the
      // input has ended (the terminal went away).
      let timeout =
        runtime.demoClock == nil
        ? waitMilliseconds(until: runtime.nextDueDate, now: runtime.service.now) : nil
      guard let input = session.nextInput(timeoutMilliseconds: timeout) else {
        if timeout == nil { break }
        runtime.tick()
        keyRead = nil
        continue
      }
      keyRead = frameLog.map { _ in FrameLog.now() }
      switch input {
      case .key(.control("c")): return
      case .key(let key): runtime.send(.key(key))
      case .paste(let text): runtime.send(.paste(text))
      case .resize(let width, let height): runtime.send(.resize(width: width, height: height))
      }
    }
  }

  /// How long to wait for a key before the next due moment (at most a minute, so a
  /// machine that slept catches up soon); nil when nothing is due. A moment already past
  /// is one the last tick could not clear (a purchase being paid elsewhere, a busy
  /// store): look again in a second rather than spin.
  static func waitMilliseconds(until due: Date?, now: Date) -> Int32? {
    guard let due else { return nil }
    let seconds = due <= now ? 1 : min(due.timeIntervalSince(now), 60)
    return Int32((seconds * 1000).rounded(.up))
  }
}
