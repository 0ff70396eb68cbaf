import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// README's "Host it for your customers", followed as written (issue 16): its shell block
/// is read from README.md at test time, so the test breaks when the README drifts from
/// what works. Only the names at the top of the block are the test's own (a private
/// folder, user and port, so nothing of the machine's is touched), and `systemctl`, which
/// needs a running systemd (CI has none), is replaced by what systemd would do: the unit
/// is checked with `systemd-analyze verify` when it is installed, and its
/// `ExecStartPre` and `ExecStart` lines are run as systemd runs them (as root, no
/// `User=`; `ExecStart` in the foreground). Needs root and openssh-server, as
/// SshServerTests does.
@Suite struct ReadmeHostingTests {
  /// The shell block of README's hosting section, cut where the test steps in.
  struct HostingBlock {
    /// What the block's first lines assign: the README's own names for the machine.
    var defaults: [String: String]
    var names: Set<String> { Set(defaults.keys) }
    /// From after the names to just before `systemctl`: user, store, host key, config, unit.
    var setUp: String
    /// After `systemctl` and before the customer's `ssh`: adding the customer's key.
    var keys: String
    /// The customer's `ssh` line.
    var connect: String

    init(readme: String) throws {
      let heading = try #require(
        readme.range(of: "\n## Host it for your customers\n"), "README has no hosting section")
      let rest = readme[heading.upperBound...]
      let open = try #require(rest.range(of: "```sh\n"), "the hosting section has no sh block")
      let close = try #require(rest[open.upperBound...].range(of: "\n```\n"))
      var lines = rest[open.upperBound..<close.lowerBound].split(
        separator: "\n", omittingEmptySubsequences: false
      )
      .map(String.init)
      // The names: assignment-only lines before the first command.
      defaults = [:]
      while let line = lines.first, line.hasPrefix("#") || Self.assignments(line) != nil {
        defaults.merge(Self.assignments(line) ?? [:]) { _, new in new }
        lines.removeFirst()
      }
      let systemctl = lines.indices.filter { lines[$0].hasPrefix("systemctl ") }
      try #require(systemctl.count == 1, "the block should start its sshd with one systemctl line")
      let last = try #require(lines.last)
      try #require(last.hasPrefix("ssh "), "the block should end with the customer's ssh line")
      setUp = lines[..<systemctl[0]].joined(separator: "\n")
      keys = lines[(systemctl[0] + 1)..<(lines.count - 1)].joined(separator: "\n")
      connect = last
      // The test runs the rest with its own values: a path of the README's own left in it
      // would change this machine (the system user's home, /etc).
      for (name, value) in defaults where value.hasPrefix("/") {
        try #require(
          !lines.joined(separator: "\n").contains(value),
          "the block names \(value) itself; write \"$\(name)\" so the test can run it")
      }
      for line in lines where line.contains("useradd") || line.contains("userdel") {
        try #require(
          line.contains("\"$user\""), "the system user is \"$user\", so the test can run it: \(line)")
      }
    }

    /// What a line such as `a=1 b=/x` assigns, nil for any other line.
    static func assignments(_ line: String) -> [String: String]? {
      let words = line.split(separator: " ")
      guard !words.isEmpty else { return nil }
      var names: [String: String] = [:]
      for word in words {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex,
          word[..<equals].allSatisfy({ $0.isLetter || $0 == "_" }),
          !word[word.index(after: equals)...].contains(where: { "$`\"'".contains($0) })
        else { return nil }
        names[String(word[..<equals])] = String(word[word.index(after: equals)...])
      }
      return names
    }
  }

  /// A systemd unit's `[Service]` settings, read as systemd reads them (enough for this
  /// unit: no quoting, no `-`/`@`/`+` prefixes, no variables in the command lines).
  struct ServiceUnit {
    var settings: [String: [String]] = [:]

    init(_ text: String) throws {
      var section = ""
      for raw in text.split(separator: "\n") {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
        if line.hasPrefix("[") {
          section = line
          continue
        }
        guard section == "[Service]" else { continue }
        let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
        try #require(parts.count == 2, "not a setting: \(line)")
        settings[parts[0].trimmingCharacters(in: .whitespaces), default: []].append(
          parts[1].trimmingCharacters(in: .whitespaces))
      }
    }

    /// The argument vector of the one `key=` command line.
    func command(_ key: String) throws -> [String] {
      let lines = settings[key] ?? []
      try #require(lines.count == 1, "the unit should have one \(key)")
      let line = lines[0]
      try #require(
        !line.contains(where: { "\"'$\\%".contains($0) }) && line.hasPrefix("/"),
        "\(key)=\(line) needs more of systemd's parsing than this test does")
      return line.split(separator: " ").map(String.init)
    }
  }

  /// Ends the processes whose command line names `path`: only this test's, since the
  /// path is its own.
  static func stopProcesses(naming path: String) {
    let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for pid in processes.compactMap(Int32.init) where pid != getpid() {
      let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
      if String(decoding: cmdline, as: UTF8.self).contains(path) { kill(pid, SIGTERM) }
    }
  }

  @Test func readmeHostingSectionWorksAsWritten() throws {
    try #require(getuid() == 0, "the README's steps need root (they add a system user); CI runs as root")
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"), "install openssh-server")
    let readme = try String(
      contentsOf: Binary.repository.appendingPathComponent("README.md"), encoding: .utf8)
    let block = try HostingBlock(readme: readme)

    // The machine as "Installing" leaves it, inside a private root-owned folder (sshd
    // wants the key lookup's binary root-owned and 0755 all the way up).
    let root = URL(fileURLWithPath: "/opt/proxydash-readme-test-\(UUID().uuidString.prefix(8))")
    let work = try Binary.temporaryFolder("readme-hosting")
    let user = "pdreadme\(UInt32.random(in: 10000...99999))"
    var sshd: pid_t?
    var createdUser = false
    defer {
      if let sshd {
        kill(sshd, SIGTERM)
        _ = ChildProcess.wait(sshd)
      }
      // Any process still running from the test's folder (an sshd that forked away).
      Self.stopProcesses(naming: root.path)
      if createdUser { _ = try? SshServerTests.Server.attempt("userdel \(user)") }
      try? FileManager.default.removeItem(at: root)
      try? FileManager.default.removeItem(at: work)
    }
    let values: KeyValuePairs = [
      "user": user, "port": "\(try SshServerTests.Server.freePort())",
      "home": "\(root.path)/var/lib/proxydash", "conf": "\(root.path)/etc/proxydash",
      "share": "\(root.path)/usr/local/share/proxydash", "units": "\(root.path)/etc/systemd/system",
    ]
    try #require(
      block.names == Set(values.map(\.key)),
      "README's hosting block names \(block.names.sorted()); the test sets \(values.map(\.key).sorted())")
    let names = values.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    let value = Dictionary(uniqueKeysWithValues: values.map { ($0.key, $0.value) })
    let bin = root.appendingPathComponent("usr/local/bin")
    try SshServerTests.Server.sh(
      """
      mkdir -p \(bin.path) \(root.path)/var/lib \(value["units"] ?? "") \(value["share"] ?? "") \
        && chmod -R 755 \(root.path) \
        && install -m 755 \(Binary.proxydash.path) \(bin.path)/proxydash \
        && cp -r \(Binary.repository.appendingPathComponent("demo-data").path) \(value["share"] ?? "")/ \
        && chmod -R a+rX \(value["share"] ?? "")
      """)
    // The customer's key pair, in the folder the block runs in (it reads ava.pub there).
    try SshServerTests.Server.sh("ssh-keygen -q -t ed25519 -N '' -C ava@laptop -f \(work.path)/ava")

    /// Runs part of the block with `sh -eu` in `work`, the installed binary on PATH.
    func run(_ part: String, _ step: String) throws {
      let script = work.appendingPathComponent("\(step).sh")
      try "\(names)\n\(part)\n".write(to: script, atomically: true, encoding: .utf8)
      let result = try SshServerTests.Server.attempt(
        "cd \(work.path) && PATH=\(bin.path):$PATH /bin/sh -eu \(script.path)")
      try #require(result.status == 0, "README's \(step) failed: \(result.output)\n\(part)")
    }

    try #require(try SshServerTests.Server.attempt("id -u \(user)").status != 0, "\(user) exists already")
    createdUser = true  // (userdel of a user that was never added fails harmlessly)
    try run(block.setUp, "set-up")

    // `systemctl enable --now`, as systemd would do it.
    let unitFile = URL(fileURLWithPath: "\(value["units"] ?? "")/proxydash-sshd.service")
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") {
      let verified = try SshServerTests.Server.attempt("systemd-analyze verify \(unitFile.path)")
      #expect(verified.status == 0 && verified.output.isEmpty, "systemd-analyze verify: \(verified.output)")
    }
    let unit = try ServiceUnit(String(contentsOf: unitFile, encoding: .utf8))
    #expect(unit.settings["User"] == nil, "the unit runs sshd as root, as the test does")
    #expect(unit.settings["Type"] == nil, "a simple service: ExecStart runs in the foreground")
    #expect(unit.settings["RuntimeDirectory"] == ["sshd"])
    #expect(FileManager.default.fileExists(atPath: "/run/sshd"), "systemd makes RuntimeDirectory /run/sshd")
    let check = try SshServerTests.Server.attempt(
      try unit.command("ExecStartPre").map(TmuxSession.quote).joined(separator: " "))
    try #require(check.status == 0, "ExecStartPre: \(check.output)")
    sshd = try ChildProcess.start(
      try unit.command("ExecStart"), outputPath: work.appendingPathComponent("sshd.log").path,
      truncating: true)
    let sshdLog = {
      (try? String(contentsOf: work.appendingPathComponent("sshd.log"), encoding: .utf8)) ?? ""
    }
    let port = try #require(Int(value["port"] ?? ""))
    let deadline = Date().addingTimeInterval(20)
    while !SshServerTests.Server.accepts(port: port) {
      try #require(Date() < deadline, "the unit's sshd did not start: \(sshdLog())")
      Thread.sleep(forTimeInterval: 0.05)
    }
    // A simple service's ExecStart is the service: a daemon that forked away would leave
    // systemd tracking a process that has ended.
    var status: Int32 = 0
    try #require(
      sshd.map { waitpid($0, &status, WNOHANG) } == 0,
      "ExecStart did not stay in the foreground: \(sshdLog())")

    try run(block.keys, "keys")

    // The customer connects as the block's last line says, to this machine, with the key
    // they made (and without touching anyone's known_hosts).
    let connect = block.connect
      .replacingOccurrences(of: "your.host", with: "127.0.0.1")
      .replacingOccurrences(
        of: "ssh ",
        with:
          "ssh -tt -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -i \(work.path)/ava ",
        options: .anchored)
    let session = try TmuxSession(command: "\(names)\n\(connect)", width: 100, height: 30)
    defer { session.kill() }
    #expect(
      session.waitFor("ava@example.com"),
      "ava's screen: \((try? session.capture()) ?? "")\nsshd: \(sshdLog())")
    #expect(try !session.capture().contains("Log in to ProxyDash"))
    session.kill()
    #expect(
      SshServerTests.waitUntilNoSession(of: URL(fileURLWithPath: "\(value["home"] ?? "")/store"), keyID: 1),
      "ava's session outlived her connection")
  }
}
