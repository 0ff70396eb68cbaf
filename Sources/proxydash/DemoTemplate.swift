import Billing
import Crypto
import Dashboard
import Foundation
import Services
import Storage

/// Where the shipped demo data is.
enum DemoLocation {
  /// $PROXYDASH_DEMO_DATA, else ./demo-data, else demo-data beside the package that
  /// built this binary (so `swift run` and the built binary both find it).
  static func demoDataFolder() throws(ServiceError) -> URL {
    let manager = FileManager.default
    var candidates: [URL] = []
    if let variable = getenv("PROXYDASH_DEMO_DATA"), variable.pointee != 0 {
      candidates.append(URL(fileURLWithPath: String(cString: variable)))
    }
    candidates.append(URL(fileURLWithPath: manager.currentDirectoryPath).appendingPathComponent("demo-data"))
    var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<5 {
      candidates.append(folder.appendingPathComponent("demo-data"))
      candidates.append(folder.appendingPathComponent("share/proxydash/demo-data"))
      folder.deleteLastPathComponent()
    }
    // The package root of this source file, for binaries run from .build.
    candidates.append(
      URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demo-data"))
    for candidate in candidates
    where manager.fileExists(atPath: candidate.appendingPathComponent(DemoDataset.File.personas).path) {
      return candidate
    }
    throw .storeFailed(
      "Cannot find the demo data (demo-data/personas.json): run from the repository or set PROXYDASH_DEMO_DATA."
    )
  }
}

/// The built demo store, cached by the demo data's content.
enum DemoTemplate {
  struct Info: Codable {
    var now: Date
    var personas: [Persona]

    struct Persona: Codable {
      var email: String
      var situation: String
    }

    var personaInfos: [PersonaInfo] { personas.map { PersonaInfo(email: $0.email, situation: $0.situation) } }
  }

  static let schemaTag = "template-v2"

  static func cacheRoot() -> URL {
    let environment = ProcessInfo.processInfo.environment
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg).appendingPathComponent("proxydash")
    }
    return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/proxydash")
  }

  /// The template folder for this demo data and `now`, built on first use.
  static func ensure(from demoData: URL, now: Date?) throws(ServiceError) -> URL {
    var hasher = SHA256()
    hasher.update(data: Data(schemaTag.utf8))
    hasher.update(data: Data(Store.schemaIdentifiers.joined(separator: ",").utf8))
    // A rebuilt program may store things differently under the same migration names.
    // stat, not FileManager's attributes: those look up the owner's user and group names
    // (reading /etc/passwd and /etc/group) at every start.
    let program = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    var status = stat()
    if stat(program.path, &status) == 0 {
      hasher.update(data: Data("\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)".utf8))
    }
    for name in [
      DemoDataset.File.plans, DemoDataset.File.taxRates, DemoDataset.File.coupons, DemoDataset.File.demo,
      DemoDataset.File.personas, DemoDataset.File.seller, DemoDataset.File.endpoints,
    ] {
      hasher.update(data: Data(name.utf8))
      hasher.update(data: (try? Data(contentsOf: demoData.appendingPathComponent(name))) ?? Data())
    }
    if let now { hasher.update(data: Data(String(now.timeIntervalSince1970).utf8)) }
    let digits = Array("0123456789abcdef")
    let key = String(hasher.finalize().prefix(12).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    let template = cacheRoot().appendingPathComponent("demo-\(key)")
    let manager = FileManager.default
    if manager.fileExists(atPath: template.appendingPathComponent("info.json").path) { return template }

    // The one slow start (a year of hourly usage is replayed): say so, or the terminal
    // just sits there.
    FileHandle.standardError.write(
      Data("proxydash: preparing the demo data (first start after an update, a few seconds)…\n".utf8))
    // Build beside the final place and rename, so a half-built template is never used.
    let building = cacheRoot().appendingPathComponent(
      "building-\(key)-\(ProcessInfo.processInfo.processIdentifier)")
    try? manager.removeItem(at: building)
    do {
      try manager.createDirectory(at: building, withIntermediateDirectories: true)
    } catch {
      throw .storeFailed("Cannot create the demo cache \(building.path): \(error.localizedDescription)")
    }
    let dataset = try Launch.buildStore(
      at: building.appendingPathComponent("store"), from: demoData, now: now)
    do {
      try Store.sealTemplate(at: building.appendingPathComponent("store"))
    } catch {
      throw .storeFailed(error.description)
    }
    let info = Info(
      now: dataset.now,
      personas: dataset.personas.map { Info.Persona(email: $0.account.email, situation: $0.situation) })
    do {
      let encoder = JSONEncoder()
      encoder.dateEncodingStrategy = .iso8601
      try encoder.encode(info).write(to: building.appendingPathComponent("info.json"))
      if manager.fileExists(atPath: template.path) { try manager.removeItem(at: template) }
      try manager.moveItem(at: building, to: template)
      removeOlderTemplates(keeping: template)
    } catch {
      // Another process may have won the race: its template is as good as ours.
      try? manager.removeItem(at: building)
      if !manager.fileExists(atPath: template.appendingPathComponent("info.json").path) {
        throw .storeFailed("Cannot write the demo cache \(template.path): \(error.localizedDescription)")
      }
    }
    return template
  }

  /// Templates of earlier builds or demo data are never used again.
  static func removeOlderTemplates(keeping template: URL) {
    let root = cacheRoot()
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    for name in names where isTemplateName(name) && name != template.lastPathComponent {
      // Only real folders of the name `ensure` gives, never a link (R31).
      let path = root.appendingPathComponent(name).path
      var info = stat()
      guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
      try? FileManager.default.removeItem(atPath: path)
    }
  }

  /// Removes the half-built templates of demos that were killed while building one
  /// (`building-KEY-PID`, whose process is gone): `ensure` only ever cleans up its own,
  /// and a demo stopped during its first, slow start left one behind for good. Only real
  /// folders of exactly that name, owned by this user, never a link (R31).
  static func removeAbandonedBuilds(in root: URL = cacheRoot()) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    for name in names {
      let parts = name.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0] == "building", isTemplateName("demo-\(parts[1])"),
        parts[2].allSatisfy({ $0.isASCII && $0.isNumber }), let pid = Int32(parts[2]), pid > 0
      else { continue }
      let path = root.appendingPathComponent(name).path
      var info = stat()
      guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else {
        continue
      }
      if kill(pid, 0) != 0 && errno == ESRCH {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
  }

  /// `demo-` and the 24 hex digits of the key `ensure` computes.
  static func isTemplateName(_ name: String) -> Bool {
    let key = name.dropFirst("demo-".count)
    return name.hasPrefix("demo-") && key.count == 24 && key.allSatisfy(\.isHexDigit)
  }

  static func info(in template: URL) throws(ServiceError) -> (now: Date, personas: [PersonaInfo]) {
    do {
      let decoder = JSONDecoder()
      decoder.dateDecodingStrategy = .iso8601
      let info = try decoder.decode(
        Info.self, from: Data(contentsOf: template.appendingPathComponent("info.json")))
      return (info.now, info.personaInfos)
    } catch {
      throw .storeFailed(
        "The demo cache \(template.path) is damaged (\(error.localizedDescription)); delete it and start again."
      )
    }
  }
}
