import Billing
import Foundation
import TerminalUI

/// Proxy access (R25a, `a` in a subscription tab): the product's endpoint and ports, a
/// proxy user's credentials (the password loaded only on `v`), the IP whitelist with add
/// and remove, and a `curl` line that works as printed. The data comes from the runtime
/// (`Effect.loadProxyAccess`) right after the pop-up opens, so it reads the stored
/// catalog's endpoint.
public struct ProxyAccessPopup: BindingPopup, Hashable {
  public var product: Product
  public var planName: String
  /// Whether the subscription still serves: a whitelist is added to only then.
  public var isLive: Bool
  /// Nil until the runtime answers.
  public var access: ProxyAccess?
  /// Whose credentials and `curl` line are shown.
  public var userIndex = 0
  /// The password `v` asked for, loaded only then (R25a) and dropped when another user
  /// is shown or the pop-up closes, so no state holds a secret nobody asked to see.
  public var reveal: Reveal?
  /// The whitelist row `x` removes.
  public var selected = 0
  /// Open while an address is typed (`w`).
  public var newAddress: TextField?
  /// What the last change did, or why it failed, shown in the box.
  public var notice: Banner?
  private var pending: Pending?

  private enum Pending: Hashable, Sendable {
    case add(WhitelistAddress)
    case remove(WhitelistAddress)
  }

  public init(product: Product, planName: String, isLive: Bool) {
    self.product = product
    self.planName = planName
    self.isLive = isLive
  }

  /// One user's password on screen: the user it belongs to, so a late answer for a
  /// user no longer shown is dropped.
  public struct Reveal: Hashable, Sendable {
    public var userID: String
    public var password: Password
  }

  public enum Password: Hashable, Sendable {
    case loading
    case readable(String)
    /// The user was made before the store kept proxy passwords readable.
    case notKept
  }

  var revealed: Bool { reveal != nil }

  /// The password for the `curl` line, once shown.
  var shownPassword: String? {
    guard let reveal, reveal.userID == user?.id, case .readable(let password) = reveal.password else {
      return nil
    }
    return password
  }

  public enum Action: Hashable, Sendable {
    case reveal, nextUser, add, remove, up, down, close, submit, back
  }

  var users: [ProxyUser] { access?.users ?? [] }
  var whitelist: [WhitelistAddress] { access?.whitelist ?? [] }
  var user: ProxyUser? { users.isEmpty ? nil : users[min(userIndex, users.count - 1)] }

  public func bindings(in context: PopupContext) -> [KeyBinding<Action>] {
    if newAddress != nil {
      return [
        KeyBinding([.enter], "add", "Whitelist the address", .submit),
        KeyBinding([.escape], "back", "Back to proxy access, adding nothing", .back),
      ]
    }
    let noUsers = "No proxy users yet: add one in Proxy users (4)."
    var addReason: String? = nil
    if access == nil {
      addReason = "Proxy access is still loading."
    } else if !isLive {
      addReason = "This subscription has ended: a whitelist opens a live plan's proxies."
    } else if whitelist.count >= WhitelistRules.maximumEntries {
      addReason = WhitelistRules.Problem.full.message
    }
    return [
      KeyBinding(
        [.character("v"), .enter], revealed ? "hide password" : "show password",
        "Show or hide the proxy user's password (v or Enter)", .reveal, shownAs: "v"
      ).disabled(user == nil ? noUsers : nil),
      KeyBinding([.tab], "next user", "Credentials of the next proxy user", .nextUser)
        .disabled(users.count < 2 ? (users.isEmpty ? noUsers : "There is one proxy user.") : nil),
      KeyBinding([.character("w")], "add IP", "Add an IP address to the whitelist", .add)
        .disabled(addReason),
      KeyBinding([.up, .character("k")], "up", "Previous whitelisted address", .up, hint: false),
      KeyBinding([.down, .character("j")], "down", "Next whitelisted address", .down, hint: false),
      KeyBinding(
        [.character("x"), .delete], "remove IP", "Remove the selected address from the whitelist",
        .remove
      ).disabled(whitelist.isEmpty ? "The whitelist is empty." : nil),
      KeyBinding([.escape], "close", "Close proxy access", .close),
    ]
  }

  public var hasInput: Bool { !(newAddress?.text.isEmpty ?? true) }

  /// Typing goes to the address field while it is open; the rest through the table.
  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    if var field = newAddress, bindings(in: context).binding(for: key) == nil {
      _ = field.handle(key)
      newAddress = field
      return .stay
    }
    guard let binding = bindings(in: context).binding(for: key) else { return .stay }
    if let reason = binding.disabledReason { return .stay([.banner(Banner(reason, tone: .warning))]) }
    return perform(binding.action, in: context)
  }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool {
    guard var field = newAddress else { return false }
    field.insert(pasted: text)
    newAddress = field
    return true
  }

  public mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult {
    switch action {
    case .reveal:
      guard reveal == nil, let user else {
        reveal = nil
        return .stay
      }
      reveal = Reveal(userID: user.id, password: .loading)
      return .stay([.effect(.loadProxyUserPassword(id: user.id))])
    case .nextUser:
      userIndex = (userIndex + 1) % max(1, users.count)
      reveal = nil
    case .add:
      newAddress = TextField("Address", placeholder: "203.0.113.5 or 2001:db8::5", maxLength: 45)
      notice = nil
    case .back: newAddress = nil
    case .up: selected = max(0, selected - 1)
    case .down: selected = min(max(0, whitelist.count - 1), selected + 1)
    case .close: return .close
    case .remove:
      guard !whitelist.isEmpty else { return .stay }
      let address = whitelist[min(selected, whitelist.count - 1)]
      pending = .remove(address)
      notice = nil
      return .stay([.effect(.removeFromWhitelist(product: product, address: address))])
    case .submit:
      guard var field = newAddress else { return .stay }
      // The service's own rule, so the form refuses exactly what it would.
      switch WhitelistRules.checked(field.text, joining: whitelist) {
      case .failure(let problem):
        field.error = problem.message
        newAddress = field
        return .stay
      case .success(let address):
        pending = .add(address)
        return .stay([.effect(.whitelist(product: product, address: field.text))])
      }
    }
    return .stay
  }

  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    switch event {
    case .proxyAccess(let loaded) where loaded.product == product:
      access = loaded
      switch pending {
      case .add(let address)?:
        newAddress = nil
        notice = Banner("Whitelisted \(address).", tone: .success)
        selected = loaded.whitelist.firstIndex(of: address) ?? selected
      case .remove(let address)?:
        notice = Banner("Removed \(address) from the whitelist.", tone: .success)
      case nil: break
      }
      pending = nil
      selected = min(selected, max(0, loaded.whitelist.count - 1))
      userIndex = min(userIndex, max(0, loaded.users.count - 1))
      if reveal?.userID != user?.id { reveal = nil }
      return .stay
    case .proxyUserPassword(let id, let password):
      // Hidden or moved on since `v`: the answer is not shown.
      if reveal?.userID == id {
        reveal?.password = password.map(Password.readable) ?? .notKept
      }
      return .stay
    case .failed(let failure):
      pending = nil
      if reveal?.password == .loading { reveal = nil }
      // A refused address stays in its field with the reason, ready to correct.
      if var field = newAddress {
        field.error = failure.message
        newAddress = field
      } else {
        notice = Banner(failure.message, tone: .danger)
      }
      return .stay
    default: return nil
    }
  }

  // MARK: Drawing

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let width = min(78, area.width - 2)
    let inner = width - 6
    guard let access else {
      let box = area.centered(width: width, height: 6)
      canvas.popup(box, title: title, glyphs: context.glyphs)
      canvas.put("Loading…", x: box.x + 3, y: box.y + 2, style: .muted)
      return
    }
    // Lines above and below the whitelist; nil is a spacer, the first thing dropped when
    // the terminal is short, so the curl line and the keys always stay whole.
    var top: [(String, CellStyle)?] = []
    var bottom: [(String, CellStyle)?] = []
    func add(_ text: String, _ style: CellStyle = .text, to lines: inout [(String, CellStyle)?]) {
      lines += Wrap.lines(text, width: inner).map { ($0, style) }
    }
    if let endpoint = access.endpoint {
      add("Endpoint: \(endpoint.host)", .title, to: &top)
      add("Rotating: port \(endpoint.rotatingPort), a new exit IP for every request", to: &top)
      add(
        "Sticky: ports \(endpoint.stickyPorts.lowerBound)–\(endpoint.stickyPorts.upperBound), one exit IP per port for a while",
        to: &top)
    } else {
      add("Endpoint: none in the catalog for \(product.displayName) yet: ask support.", .warning, to: &top)
    }
    top.append(nil)
    if let user {
      let count = users.count > 1 ? " (\(userIndex + 1) of \(users.count))" : ""
      let paused = user.paused ? " · paused" : ""
      let password: String
      switch reveal?.password {
      case nil: password = "••••••••"
      case .loading?: password = "loading…"
      case .readable(let text)?: password = text
      case .notKept?: password = "not kept"
      }
      add("Proxy user: \(user.name)\(count)\(paused)   Password: \(password)", to: &top)
      if reveal?.password == .notKept {
        add(
          "\(user.name) was made before passwords were kept readable: set a new password (Proxy users, 4, w) to see it.",
          .warning, to: &top)
      }
    } else {
      add("Proxy users: none yet. Add one in Proxy users (4), or whitelist your IP.", .muted, to: &top)
    }
    top.append(nil)
    add(
      "Whitelisted IPs: \(whitelist.count) of \(WhitelistRules.maximumEntries) (they connect without a password)",
      .title, to: &top)
    if newAddress == nil { bottom.append(nil) }
    if let command = access.curlCommand(user: user, password: shownPassword) {
      bottom += Self.commandLines(command, width: inner).map { ($0, CellStyle.accent) }
      if let user, shownPassword == nil {
        add("Replace \(ProxyAccess.passwordPlaceholder) with \(user.name)'s password.", .muted, to: &bottom)
      }
    }
    if let notice {
      add(notice.text, notice.tone == .danger ? .danger : .success, to: &bottom)
    }
    var fieldRows = 0
    if let newAddress {
      fieldRows = 1 + (newAddress.error.map { min(2, Wrap.lines("! " + $0, width: inner - 10).count) } ?? 0)
    }
    // Borders, the row under the title, the spacer and hint line at the bottom.
    func fixedRows() -> Int { top.count + bottom.count + fieldRows + 5 }
    while fixedRows() + 1 > area.height, let spacer = top.lastIndex(where: { $0 == nil }) {
      top.remove(at: spacer)
    }
    while fixedRows() + 1 > area.height, let spacer = bottom.firstIndex(where: { $0 == nil }) {
      bottom.remove(at: spacer)
    }
    // The whitelist takes the rows left, scrolled to keep the selected address in view.
    let listRows = max(1, min(max(1, whitelist.count), area.height - fixedRows()))
    let box = area.centered(width: width, height: min(area.height, fixedRows() + listRows))
    canvas.popup(box, title: title, glyphs: context.glyphs)
    let x = box.x + 3
    let maxX = box.maxX - 2
    var y = box.y + 2
    func draw(_ lines: [(String, CellStyle)?]) {
      for line in lines where y < box.maxY - 2 {
        if let line { canvas.put(line.0, x: x, y: y, style: line.1, maxX: maxX) }
        y += 1
      }
    }
    draw(top)
    if whitelist.isEmpty {
      canvas.put("none: w adds an address", x: x + 2, y: y, style: .muted, maxX: maxX)
    } else {
      let chosen = min(selected, whitelist.count - 1)
      let first = max(0, min(chosen - listRows + 1, whitelist.count - listRows))
      for (offset, address) in whitelist.dropFirst(first).prefix(listRows).enumerated() {
        let index = first + offset
        let marker = index == chosen ? context.glyphs.marker : " "
        canvas.put(
          "\(marker) \(address)", x: x, y: y + offset, style: index == chosen ? .selection : .text, maxX: maxX
        )
      }
      if whitelist.count > listRows {
        let range = "\(first + 1)–\(first + listRows) of \(whitelist.count)"
        canvas.put(range, x: maxX - TerminalText.width(range), y: y, style: .muted, maxX: maxX)
      }
    }
    y += listRows
    if let newAddress {
      y += canvas.field(newAddress, focused: true, x: x, y: y, labelWidth: 10, width: inner)
    }
    draw(bottom)
    canvas.put(hintLine(in: context), x: x, y: box.maxY - 2, style: .muted, maxX: maxX)
  }

  var title: String { "Proxy access · \(product.shortName) \(planName)" }

  /// The command as lines that still run when copied: one line when it fits, else
  /// broken with a shell continuation (`\` at a line's end), which the shell removes
  /// even inside a word. The first line always starts `curl -x`.
  static func commandLines(_ command: String, width: Int) -> [String] {
    guard TerminalText.width(command) > width, width > 4 else { return [command] }
    var lines: [String] = []
    var line = ""
    for word in command.split(separator: " ") {
      // A new word on a new line is indented; room is kept for " \\".
      let start = line.isEmpty ? (lines.isEmpty ? "" : "  ") : line + " "
      if TerminalText.width(start + word) + 2 <= width {
        line = start + word
        continue
      }
      if !line.isEmpty {
        lines.append(line + " \\")
        line = ""
      }
      var piece = (lines.isEmpty ? "" : "  ") + word
      // A word longer than the line is cut with no indent after the cut: the shell joins
      // the pieces back into one word.
      while TerminalText.width(piece) + 2 > width {
        let cut = piece.index(piece.startIndex, offsetBy: width - 1)
        lines.append(piece[..<cut] + "\\")
        piece = String(piece[cut...])
      }
      line = piece
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

}
