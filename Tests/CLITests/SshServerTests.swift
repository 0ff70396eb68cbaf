import Foundation
import Storage
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// R30 for real: OpenSSH's sshd on 127.0.0.1 with the config `ssh sshd-config`
/// prints, a system user that owns the store, and customers connecting with plain
/// `ssh` in a terminal (tmux). Needs root (CI runs as root) and openssh-server.
@Suite(.serialized) struct SshServerTests {
  /// Everything the test set up on the machine, taken down again by `stop`.
  final class Server {
    let user = "pdssh\(UInt32.random(in: 10000...99999))"
    /// Root-owned and 0755 all the way up, as sshd requires of AuthorizedKeysCommand.
    let root: URL
    let home: URL
    let store: URL
    let binary: URL
    let port: Int
    let keys: URL
    private var sshd: pid_t?

    init() throws {
      try #require(getuid() == 0, "the sshd test needs root (it adds a system user); CI runs as root")
      try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"), "install openssh-server")
      root = URL(fileURLWithPath: "/opt/proxydash-sshd-test-\(UUID().uuidString.prefix(8))")
      home = root.appendingPathComponent("home")
      store = home.appendingPathComponent("store")
      binary = root.appendingPathComponent("bin/proxydash")
      keys = try Binary.temporaryFolder("ssh-keys")
      port = try Self.freePort()
      try FileManager.default.createDirectory(
        at: binary.deletingLastPathComponent(), withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o755])
      _ = chmod(root.path, 0o755)
      // Copied by another process: a copy written here could still be open in a child
      // another test forks meanwhile, and running it would fail with "text file busy".
      try Self.sh("install -m 755 \(Binary.proxydash.path) \(binary.path)")
      try Self.sh("useradd --system --no-create-home --home-dir \(home.path) --shell /bin/sh -p '*' \(user)")
      try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
      let made = try Self.sh(
        "\(binary.path) init \(store.path) --from \(Binary.repository.appendingPathComponent("demo-data").path)"
      )
      try #require(made.contains("Created"))
      try Self.sh("ssh-keygen -q -t ed25519 -N '' -f \(root.path)/host_key")
    }

    func addKey(email: String, name: String) throws -> URL {
      let key = keys.appendingPathComponent(name)
      try Self.sh("ssh-keygen -q -t ed25519 -N '' -C \(name)@test -f \(key.path)")
      if !email.isEmpty {
        try Self.sh("\(binary.path) ssh add-key \(email) \(key.path).pub --data \(store.path)")
      }
      return key
    }

    /// Starts sshd with the printed config, the store handed to the system user.
    func start() throws {
      try Self.sh("chown -R \(user) \(home.path) && chmod 700 \(home.path)")
      let config = root.appendingPathComponent("sshd_config")
      try Self.sh(
        "\(binary.path) ssh sshd-config --data \(store.path) --user \(user) --port \(port) --listen 127.0.0.1 --host-key \(root.path)/host_key > \(config.path)"
      )
      try Self.sh("mkdir -p /run/sshd && /usr/sbin/sshd -t -f \(config.path)")
      sshd = try Self.spawn(
        ["/usr/sbin/sshd", "-D", "-e", "-f", config.path],
        outputPath: root.appendingPathComponent("sshd.log").path)
      let deadline = Date().addingTimeInterval(20)
      while !Self.accepts(port: port) {
        try #require(Date() < deadline, "sshd did not start: \(log)")
        Thread.sleep(forTimeInterval: 0.05)
      }
    }

    var log: String {
      (try? String(contentsOf: root.appendingPathComponent("sshd.log"), encoding: .utf8)) ?? ""
    }

    /// The `ssh` command line of a customer with key `key`.
    func sshCommand(key: URL, options: String = "-tt", command: String = "") -> String {
      "ssh \(options) -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -i \(key.path) -p \(port) \(user)@127.0.0.1 \(command)"
    }

    private var stopped = false

    func stop() {
      guard !stopped else { return }
      stopped = true
      if let sshd {
        kill(sshd, SIGTERM)
        var status: Int32 = 0
        _ = waitpid(sshd, &status, 0)
        self.sshd = nil
      }
      _ = try? Self.attempt("userdel \(user)")
      try? FileManager.default.removeItem(at: root)
      try? FileManager.default.removeItem(at: keys)
    }

    deinit { stop() }

    /// Runs a shell line, failing the test with its output when it fails.
    @discardableResult
    static func sh(_ line: String) throws -> String {
      let result = try attempt(line)
      try #require(result.status == 0, "\(line): \(result.output)")
      return result.output
    }

    /// Runs a shell line and returns its status and output, whatever the status.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: a tmux server started by
    /// this test inherits the descriptors `Process` watches, and its waits never end
    /// (see `TmuxSession.spawn`).
    static func attempt(_ line: String) throws -> (status: Int32, output: String) {
      let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent(
        "proxydash-sshd-\(UUID().uuidString).out"
      ).path
      defer { unlink(outputPath) }
      let status = ChildProcess.wait(try spawn(["/bin/sh", "-c", line], outputPath: outputPath))
      let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
      return (status, output)
    }

    /// Starts `arguments` with stdin from /dev/null and stdout and stderr into `outputPath`.
    static func spawn(_ arguments: [String], outputPath: String) throws -> pid_t {
      try ChildProcess.start(arguments, outputPath: outputPath, truncating: false)
    }

    static func freePort() throws -> Int {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(fd) }
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = 0
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
      }
      try #require(bound == 0)
      _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
      }
      return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(fd) }
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = UInt16(port).bigEndian
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
      }
    }
  }

  /// Whether the `proxydash ssh session` processes of key `keyID` on `store` have
  /// ended (20 s at most).
  static func waitUntilNoSession(of store: URL, keyID: Int) -> Bool {
    let marker = "\0ssh\0session\0--data\0\(store.path)\0--key-id\0\(keyID)\0"
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
      let running = processes.filter { $0.allSatisfy(\.isNumber) }.contains { pid in
        let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: cmdline, as: UTF8.self).contains(marker)
      }
      if !running { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  @Test func R30_eachKeyOpensItsOwnAccountOverRealSsh() throws {
    let server = try Server()
    defer { server.stop() }
    let ava = try server.addKey(email: "ava@example.com", name: "ava")
    let ben = try server.addKey(email: "ben@example.com", name: "ben")
    let stranger = try server.addKey(email: "", name: "stranger")
    try server.start()

    let avaSession = try TmuxSession(command: server.sshCommand(key: ava), width: 100, height: 30)
    defer { avaSession.kill() }
    let benSession = try TmuxSession(command: server.sshCommand(key: ben), width: 120, height: 40)
    defer { benSession.kill() }
    #expect(
      avaSession.waitFor("ava@example.com"),
      "ava's screen: \((try? avaSession.capture()) ?? "") \(server.log)")
    #expect(benSession.waitFor("ben@example.com"), "ben's screen: \((try? benSession.capture()) ?? "")")
    #expect(try !avaSession.capture().contains("ben@example.com"))
    #expect(try !benSession.capture().contains("ava@example.com"))
    // The client's terminal size and resizes reach the dashboard.
    try benSession.send(keys: ["1"])
    try benSession.resize(width: 60, height: 20)
    #expect(benSession.waitFor("Terminal too small"))
    try benSession.resize(width: 120, height: 40)
    #expect(benSession.waitFor("ben@example.com"))

    // A dropped connection ends ben's session process cleanly, the store intact.
    benSession.kill()
    #expect(Self.waitUntilNoSession(of: server.store, keyID: 2), "a session process outlived its connection")

    // Logging out ends the connection: a key's session never shows the log-in screen.
    try avaSession.send(keys: ["p"])
    #expect(avaSession.waitFor("Log out"))
    try avaSession.send(keys: ["Down", "Enter"])
    // (Read from the server's processes: tmux can be slow to call a pane dead under load.)
    #expect(Self.waitUntilNoSession(of: server.store, keyID: 1), "ava's session outlived her log-out")
    #expect(try !avaSession.capture().contains("Log in to ProxyDash"))

    // A stranger's key is refused by sshd itself.
    let refused = try Server.attempt(server.sshCommand(key: stranger, options: "-T", command: "true"))
    #expect(refused.status == 255)
    #expect(refused.output.contains("Permission denied (publickey)"))

    // A command never runs: without a terminal it is refused in one line.
    let command = try Server.attempt(server.sshCommand(key: ava, options: "-T", command: "cat /etc/passwd"))
    #expect(command.status == 1)
    #expect(!command.output.contains("root:"))
    #expect(command.output.contains("commands are not run"))

    // With a terminal, the command is ignored and the dashboard opens.
    let withTerminal = try TmuxSession(
      command: server.sshCommand(key: ava, command: "cat /etc/passwd"), width: 100, height: 30)
    defer { withTerminal.kill() }
    #expect(withTerminal.waitFor("ava@example.com"), "\((try? withTerminal.capture()) ?? "")")
    #expect(try !withTerminal.capture().contains("root:"))
    withTerminal.kill()

    // Each key's use is recorded in the store.
    let lookup = try SSHKeyLookup.keys(in: server.store, base64: nil)
    #expect(lookup.count == 2)
    #expect(lookup.allSatisfy { $0.lastUsedAt != nil })
    #expect(
      try Server.sh("sqlite3 -readonly \(server.store.path)/proxydash.sqlite 'PRAGMA integrity_check'")
        == "ok\n")
  }

  /// Issue 16: a customer adds a key in their own dashboard, pasted through ssh as a
  /// terminal pastes, and it opens the account at once; removed there, sshd refuses it.
  @Test func R30_aKeyAddedInTheDashboardOverSshOpensTheAccountUntilRemoved() throws {
    let server = try Server()
    defer { server.stop() }
    let laptop = try server.addKey(email: "ava@example.com", name: "laptop")
    let desktop = try server.addKey(email: "", name: "desktop")
    try server.start()
    let line = try String(contentsOfFile: desktop.path + ".pub", encoding: .utf8)
    let fingerprint = try #require(
      try Server.sh("ssh-keygen -l -E sha256 -f \(desktop.path).pub").split(separator: " ").dropFirst().first)

    let session = try TmuxSession(command: server.sshCommand(key: laptop), width: 100, height: 30)
    defer { session.kill() }
    #expect(session.waitFor("ava@example.com"), "\((try? session.capture()) ?? "") \(server.log)")
    try session.send(keys: ["3"])
    try session.send(keys: ["BTab"])
    #expect(session.waitFor("s SSH keys"))
    try session.send(keys: ["s"])
    // The key she is connected with, its use recorded when the session started. The
    // config's SetEnv gives the session a UTF-8 locale, so the dashboard draws its symbols.
    #expect(session.waitFor("ED25519 · last used"), "\((try? session.capture()) ?? "")")
    #expect(session.waitFor("last used"), "\((try? session.capture()) ?? "")")
    try session.send(keys: ["a"])
    #expect(session.waitFor("Add an SSH key"))
    try session.paste(line)
    try session.send(keys: ["Enter"])
    try session.send(keys: ["Enter"])
    #expect(session.waitFor("SSH key \(fingerprint) added."), "\((try? session.capture()) ?? "")")
    #expect(session.waitFor("desktop@test"))
    #expect(try session.capture().contains("never used"))

    let second = try TmuxSession(command: server.sshCommand(key: desktop), width: 100, height: 30)
    defer { second.kill() }
    #expect(second.waitFor("ava@example.com"), "\((try? second.capture()) ?? "") \(server.log)")
    second.kill()
    #expect(Self.waitUntilNoSession(of: server.store, keyID: 2))

    try session.send(keys: ["Down"])
    try session.send(keys: ["d"])
    #expect(session.waitFor("Remove this SSH key?"))
    #expect(session.waitFor(String(fingerprint)))
    try session.send(keys: ["y"])
    #expect(session.waitFor("SSH key removed"), "\((try? session.capture()) ?? "")")
    let refused = try Server.attempt(server.sshCommand(key: desktop, options: "-T", command: "true"))
    #expect(refused.status == 255)
    #expect(refused.output.contains("Permission denied (publickey)"))
    // Her session ends before the server is taken down: userdel refuses a user whose
    // session process still runs, and the system user would be left behind.
    session.kill()
    #expect(Self.waitUntilNoSession(of: server.store, keyID: 1))
  }

  /// Several customers at once on one store (R30), each buying at the same moment
  /// (R33): every session lands in its own account, every approved charge has its
  /// order, and no purchase overwrites another's.
  @Test func R30_concurrentSessionsEachBuyWithoutLostUpdates() throws {
    let server = try Server()
    defer { server.stop() }
    let customers = ["ava", "ben", "cara", "finn"]
    let keys = try customers.map { try server.addKey(email: "\($0)@example.com", name: $0) }
    try server.start()
    let sessions = try keys.map {
      try TmuxSession(command: server.sshCommand(key: $0), width: 100, height: 30)
    }
    defer { sessions.forEach { $0.kill() } }
    for (session, name) in zip(sessions, customers) {
      #expect(session.waitFor("\(name)@example.com"), "\(name): \((try? session.capture()) ?? "")")
    }
    // Every screen, in every session at once.
    for screen in ["1", "2", "3", "4", "5"] {
      for session in sessions { try session.send(keys: [screen]) }
    }
    for session in sessions { #expect(session.waitFor("Notifications")) }
    for session in sessions { try session.send(keys: ["3", "b"]) }
    for session in sessions { #expect(session.waitFor("How many proxy users to add")) }
    for session in sessions { try session.type("1") }
    for session in sessions { #expect(session.waitFor("1 additional proxy user")) }
    for session in sessions { try session.send(keys: ["Tab", "Enter"]) }
    for (session, name) in zip(sessions, customers) {
      #expect(session.waitFor("Paid $"), "\(name): \((try? session.capture()) ?? "")")
    }
    for session in sessions { session.kill() }
    for keyID in 1...customers.count {
      #expect(Self.waitUntilNoSession(of: server.store, keyID: keyID))
    }
    let database = server.store.appendingPathComponent("proxydash.sqlite").path
    let counts = try Server.sh(
      """
      sqlite3 -readonly \(database) "SELECT (SELECT COUNT(*) || '/' || COUNT(DISTINCT account_id) FROM charges \
        WHERE status = 'approved' AND purpose_json LIKE '%proxyUsers%' \
        AND created_at > (SELECT MAX(added_at) FROM ssh_keys)), \
        (SELECT COUNT(*) FROM charges WHERE status = 'approved' AND (order_id IS NULL \
          OR order_id NOT IN (SELECT id FROM orders))), \
        (SELECT COUNT(*) FROM charges WHERE status IN ('intent', 'refunding')); PRAGMA integrity_check"
      """)
    // A new charge in each of the four accounts, none without its order, none left
    // open; the file is sound.
    #expect(counts == "4/4|0|0\nok\n")
  }
}
