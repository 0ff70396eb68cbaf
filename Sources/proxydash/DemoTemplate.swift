import Billing
import Crypto
import Dashboard
import Foundation
import Services
import Storage

/// Where the shipped demo data is.
enum DemoLocation {
  /// $PROXYDASH_DEMO_DATA, else ./demo-data, else demo-data beside the binary or the
  /// package that built it (`ShippedFolder`).
  static func demoDataFolder() throws(ServiceError) -> URL {
    guard
      let folder = ShippedFolder.locate(
        "demo-data", variable: "PROXYDASH_DEMO_DATA", marker: DemoDataset.File.personas)
    else {
      throw .storeFailed(
        "Cannot find the demo data (demo-data/personas.json): run from the repository or set PROXYDASH_DEMO_DATA."
      )
    }
    return folder
  }
}

/// The built demo store, cached by the demo data's content.
enum DemoTemplate {
  /// What a template says about itself: the demo's moment and the personas to offer.
  ///
  /// Lines of text, not JSON: it is read at every demo start, and a process's first
  /// JSONDecoder (its generic containers, each a lookup among every conformance in the
  /// binary) cost more than half a millisecond of it. Tabs, line breaks and backslashes in
  /// a value are written `\t`, `\n`, `\\`, so a line always holds one persona.
  struct Info: Equatable {
    var now: Date
    var personas: [PersonaInfo]

    static let header = "proxydash demo template info 1"

    var text: String {
      var lines = [Self.header, "now \(now.timeIntervalSince1970)"]
      for persona in personas {
        lines.append("persona \(Self.escaped(persona.email))\t\(Self.escaped(persona.situation))")
      }
      return lines.joined(separator: "\n") + "\n"
    }

    /// Reads `text`; nil when it is not what `text` writes (a damaged or foreign file).
    init?(text: String) {
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      guard lines.count >= 2, lines[0] == Self.header, lines[1].hasPrefix("now "),
        let seconds = Double(lines[1].dropFirst(4)), seconds.isFinite
      else { return nil }
      var personas: [PersonaInfo] = []
      for line in lines.dropFirst(2) {
        guard line.hasPrefix("persona ") else { return nil }
        let fields = line.dropFirst(8).split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 2, let email = Self.unescaped(fields[0]),
          let situation = Self.unescaped(fields[1])
        else { return nil }
        personas.append(PersonaInfo(email: email, situation: situation))
      }
      self.init(now: Date(timeIntervalSince1970: seconds), personas: personas)
    }

    init(now: Date, personas: [PersonaInfo]) {
      self.now = now
      self.personas = personas
    }

    private static func escaped(_ value: String) -> String {
      var result = ""
      for character in value {
        switch character {
        case "\\": result += "\\\\"
        case "\t": result += "\\t"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        default: result.append(character)
        }
      }
      return result
    }

    private static func unescaped(_ value: Substring) -> String? {
      var result = ""
      var escaping = false
      for character in value {
        if escaping {
          switch character {
          case "\\": result += "\\"
          case "t": result += "\t"
          case "n": result += "\n"
          case "r": result += "\r"
          default: return nil
          }
          escaping = false
        } else if character == "\\" {
          escaping = true
        } else {
          result.append(character)
        }
      }
      return escaping ? nil : result
    }
  }

  static let schemaTag = "template-v3"

  /// $XDG_CACHE_HOME/proxydash, else ~/.cache/proxydash. C's getenv, not ProcessInfo's
  /// environment, which copies every variable into a dictionary at every demo start.
  static func cacheRoot() -> URL {
    if let xdg = getenv("XDG_CACHE_HOME"), xdg.pointee != 0 {
      return URL(fileURLWithPath: String(cString: xdg), isDirectory: true).appendingPathComponent("proxydash")
    }
    if let home = getenv("HOME"), home.pointee != 0 {
      return URL(fileURLWithPath: String(cString: home), isDirectory: true).appendingPathComponent(
        ".cache/proxydash")
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
    // stat follows links itself; /proc/self/exe also finds a binary started from PATH.
    var status = stat()
    if stat("/proc/self/exe", &status) == 0 || stat(CommandLine.arguments.first ?? "", &status) == 0 {
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
    if manager.fileExists(atPath: template.appendingPathComponent(infoFile).path) { return template }

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
      personas: dataset.personas.map { PersonaInfo(email: $0.account.email, situation: $0.situation) })
    do {
      try Data(info.text.utf8).write(to: building.appendingPathComponent(infoFile))
      if manager.fileExists(atPath: template.path) { try manager.removeItem(at: template) }
      try manager.moveItem(at: building, to: template)
      removeOlderTemplates(keeping: template)
    } catch {
      // Another process may have won the race: its template is as good as ours.
      try? manager.removeItem(at: building)
      if !manager.fileExists(atPath: template.appendingPathComponent(infoFile).path) {
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

  /// The template's own description (`Info`), written last when it was built.
  static let infoFile = "info.txt"

  static func info(in template: URL) throws(ServiceError) -> (now: Date, personas: [PersonaInfo]) {
    let file = template.appendingPathComponent(infoFile)
    let text: String
    do {
      text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
    } catch {
      throw .storeFailed(
        "Cannot read the demo cache \(file.path) (\(error.localizedDescription)); delete \(template.path) and start again."
      )
    }
    guard let info = Info(text: text) else {
      throw .storeFailed("The demo cache \(template.path) is damaged; delete it and start again.")
    }
    return (info.now, info.personas)
  }
}
