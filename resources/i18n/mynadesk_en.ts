<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="43"/>
        <source>デモ用サーバーが見つかりません。インストールが完全か確認してください。</source>
        <translation>The demo server was not found. Check that the installation is complete.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="44"/>
        <source>デモ用サーバーを起動できませんでした。</source>
        <translation>The demo server could not be started.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="45"/>
        <source>デモ用サーバーが時間内に起動しませんでした。</source>
        <translation>The demo server did not start in time.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="46"/>
        <source>デモ用サーバーが止まりました。</source>
        <translation>The demo server stopped.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="47"/>
        <source>サーバーに接続できません。ネットワークとサーバーの URL（--backend）を確認してください。</source>
        <translation>Cannot connect to the server. Check the network and the server URL (--backend).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="48"/>
        <source>サーバーの証明書を確認できません。正しい CA 証明書（--ca-file）を指定してください。</source>
        <translation>The server&apos;s certificate cannot be verified. Give the right CA certificate (--ca-file).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="49"/>
        <source>サーバーが正常に応答していません。しばらくしてから再試行してください。</source>
        <translation>The server is not answering normally. Retry in a moment.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="51"/>
        <source>サーバーを利用できません。</source>
        <translation>The server is not available.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="82"/>
        <source>この画面を開けませんでした。アプリを再起動してください。問題が続く場合はログを添えて問い合わせてください。</source>
        <translation>This screen could not be opened. Restart the app; if the problem persists, contact support with the log file.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>準備しています…</source>
        <translation>Getting ready…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="276"/>
        <source>サーバー: 起動中…</source>
        <translation>Server: starting…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277"/>
        <source>サーバー: 接続済み</source>
        <translation>Server: connected</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278"/>
        <source>サーバー: エラー</source>
        <translation>Server: error</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298"/>
        <source>マイナデスク（デモ）</source>
        <translation>Mynadesk (demo)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298"/>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>マイナデスク</source>
        <translation>Mynadesk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="300"/>
        <source>デモ</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="301"/>
        <source>デモ用のサーバーと仮想カードで動いています。実際の手続きには使われません。</source>
        <translation>Running on the demo server and virtual cards. Nothing here is a real procedure.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="302"/>
        <source>デモモード</source>
        <translation>Demo mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303"/>
        <source>再試行</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="304"/>
        <source>サーバーへの接続を再試行</source>
        <translation>Retry connecting to the server</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="305"/>
        <source>メインメニュー</source>
        <translation>Main menu</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="306"/>
        <source>上下の矢印キーで移動します。Ctrl+数字キーでも開けます。</source>
        <translation>Move with the up and down arrow keys, or open an entry with Ctrl+number.</translation>
    </message>
    <message>
        <source>ログアウト</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>{name} さん</source>
        <translation>{name}</translation>
    </message>
    <message>
        <source>ログイン中: {name} さん</source>
        <translation>Logged in: {name}</translation>
    </message>
    <message>
        <source>ログアウト（{name} さん）</source>
        <translation>Log out ({name})</translation>
    </message>
    <message>
        <source>ログアウトして、ログイン画面に戻ります。</source>
        <translation>Log out and return to the login screen.</translation>
    </message>
    <message>
        <source>入力中の内容があります。ログアウトしますか？</source>
        <translation>You have input in progress. Log out?</translation>
    </message>
    <message>
        <source>ログアウトすると、入力した内容はすべて消去されます。</source>
        <translation>Logging out erases everything you entered.</translation>
    </message>
    <message>
        <source>入力した内容は下書きとして保存され、次にログインしたときに続きから入力できます。</source>
        <translation>What you entered is kept as a draft; you can continue after your next login.</translation>
    </message>
    <message>
        <source>ログインしたまま続ける</source>
        <translation>Stay logged in</translation>
    </message>
    <message>
        <source>カードを取り出す</source>
        <translation>Take out the card</translation>
    </message>
    <message>
        <source>デモ用のカードを読み取り機から取り出す</source>
        <translation>Take the demo card out of the reader</translation>
    </message>
    <message>
      <source>{person} さんの代理（{name} さん）</source>
      <translation>For {person} (as {name})</translation>
    </message>
    <message>
      <source>だれとして使う</source>
      <translation>Use as</translation>
    </message>
    <message>
      <source>入力中の内容があります。入力を終えるか下書きを保存してから切り替えてください。</source>
      <translation>You have input in progress. Finish it or save the draft before switching.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../ui/screens/__init__.py" line="49"/>
        <source>ログイン</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="52"/>
        <source>ホーム</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="54"/>
        <source>やりとり履歴</source>
        <translation>Data exchange history</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="57"/>
        <source>わたしの情報</source>
        <translation>My information</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="59"/>
        <source>お知らせ</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="62"/>
        <source>サービス検索・申請</source>
        <translation>Find services and apply</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="65"/>
        <source>カードと証明書</source>
        <translation>Card and certificates</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="67"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>わたしの代理人</source>
        <translation>My proxies</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../ui/screens/settings.py" line="45"/>
        <source>システムに合わせる</source>
        <translation>Same as the system</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="46"/>
        <source>ライト</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="47"/>
        <source>ダーク</source>
        <translation>Dark</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="48"/>
        <source>ハイコントラスト</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="209"/>
        <source>この端末の管理者が固定しているため変更できません。</source>
        <translation>This terminal's administrator has fixed this setting; it cannot be changed here.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="214"/>
        <location filename="../../ui/screens/settings.py" line="239"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="216"/>
        <source>表示言語(&amp;L):</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="217"/>
        <source>文字の大きさ(&amp;S):</source>
        <translation>Text &amp;size:</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="218"/>
        <source>配色(&amp;C):</source>
        <translation>&amp;Colours:</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="219"/>
        <source>カードを抜いたとき(&amp;R):</source>
        <translation>When the card is &amp;removed:</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="220"/>
        <source>自動ログアウト(&amp;T):</source>
        <translation>Automatic log&amp;out:</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="221"/>
        <source>動き(&amp;M):</source>
        <translation>&amp;Motion:</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="225"/>
        <source>管理者が固定</source>
        <translation>Fixed by the administrator</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="226"/>
        <source>ログアウトする</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="227"/>
        <source>画面の動き（アニメーション）を減らす</source>
        <translation>Reduce motion (animations) on screen</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="228"/>
        <source> 分間操作がないとき</source>
        <translation> min without activity</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="236"/>
        <source>変更はすぐに反映されます。この端末では、次の利用者のために設定を保存しません。</source>
        <translation>Changes apply at once. This terminal does not keep settings for the next person.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="238"/>
        <source>変更はすぐに反映され、自動的に保存されます。</source>
        <translation>Changes apply at once and are saved automatically.</translation>
    </message>
</context>
<context>
    <name>OutputGate</name>
    <message>
        <source>この端末では、ファイルに保存できません。ご自宅のパソコンやスマートフォンのマイナポータルをご利用ください。</source>
        <translation>Files cannot be saved on this terminal. Please use Mynaportal on your own computer or smartphone.</translation>
    </message>
    <message>
        <source>添付書類は窓口でご提出ください</source>
        <translation>Please hand in attachments at the counter</translation>
    </message>
    <message>
        <source>この端末では印刷できません。</source>
        <translation>Printing is not available on this terminal.</translation>
    </message>
    <message>
        <source>この端末のプリンターが見つかりません。係員にお知らせください。</source>
        <translation>This terminal's printer cannot be found. Please tell a member of staff.</translation>
    </message>
    <message>
        <source>この端末では、決められたプリンター以外には印刷できません。</source>
        <translation>This terminal prints only to its own printer.</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>添付ファイルを閉じる</source>
        <translation>Close the attachment</translation>
    </message>
    <message>
        <source>画像（{size}）</source>
        <translation>Image ({size})</translation>
    </message>
    <message>
        <source>PDF 文書（{pages} ページ・{size}）。文字だけを表示しています。</source>
        <translation>PDF document ({pages} pages, {size}). Only its text is shown.</translation>
    </message>
    <message>
        <source>テキスト（{size}）</source>
        <translation>Text ({size})</translation>
    </message>
    <message>
        <source>「{name}」（{mime}・{size}）は、この端末では中身を表示できません。ご自宅のパソコンやスマートフォンのマイナポータルでご覧ください。</source>
        <translation>The contents of “{name}” ({mime}, {size}) cannot be shown on this terminal. Please view it in Mynaportal on your own computer or smartphone.</translation>
    </message>
    <message>
        <source>{name} の内容</source>
        <translation>Contents of {name}</translation>
    </message>
</context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>{person} さんの代理人の登録が解除されました。</source>
      <translation>Your registration as {person}'s proxy has ended.</translation>
    </message>
    <message>
      <source>{person} さんの情報は画面から消し、ご自分（{name} さん）として使う状態に戻りました。解除は、本人の側または市区町村の措置によって行われます。</source>
      <translation>{person}'s information was cleared from the screen and you are using the portal as yourself ({name}) again. A registration is ended by the represented person or by a measure of the municipality.</translation>
    </message>
  </context>
</TS>
