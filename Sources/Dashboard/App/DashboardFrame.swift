import TerminalUI

/// Where each part of the dashboard goes, computed from the terminal's size with
/// constraints: the top bar, the sidebar and its border, the current screen's area, the
/// banner row and the bottom bar. Drawing code asks this instead of using coordinates.
struct DashboardFrame {
  static let sidebarWidth = 20

  let topBar: Rect
  /// Everything between the top bar and the banner row: the log-in box and pop-ups.
  let body: Rect
  let sidebar: Rect
  let sidebarBorder: Rect
  /// The current screen's area, a blank row and column away from its neighbours.
  let main: Rect
  let banner: Rect
  let bottomBar: Rect

  init(width: Int, height: Int) {
    let rows = Rect(x: 0, y: 0, width: width, height: height).rows([
      .length(1), .fill, .length(1), .length(1),
    ])
    topBar = rows[0]
    body = rows[1]
    banner = rows[2]
    bottomBar = rows[3]
    let columns = body.columns([.length(Self.sidebarWidth), .length(1), .length(1), .fill, .length(2)])
    sidebar = columns[0]
    sidebarBorder = columns[1]
    main = columns[3].rows([.length(1), .fill, .length(1)])[1]
  }

  /// The row above the banner, which a caption or a two-line message takes.
  var captionRow: Int { body.maxY - 1 }
}
