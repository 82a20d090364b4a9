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
        <location filename="../../ui/screens/__init__.py" line="50"/>
        <source>マイナンバーカードを読み取り機に置き、利用者証明用の暗証番号（4桁）でログインします。暗証番号の残り回数は入力の前に表示します。</source>
        <translation>Place your My Number Card on the reader and log in with the user-certificate PIN (4 digits). The PIN tries left are shown before you enter it.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="52"/>
        <source>ホーム</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="53"/>
        <source>未読のお知らせ、申請の状況、期限の近い手続きをまとめて表示します。</source>
        <translation>Shows unread notices, the status of your applications and procedures with deadlines coming up.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="54"/>
        <source>やりとり履歴</source>
        <translation>Data exchange history</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="55"/>
        <source>行政機関の間であなたの情報がいつ、誰から誰へ、どの法律に基づいてやりとりされたかを、絞り込み・並べ替え・検索・書き出しつきで表示します。</source>
        <translation>Shows when your information was exchanged between agencies, by whom, to whom and on which legal basis, with filters, sorting, search and export.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="57"/>
        <source>わたしの情報</source>
        <translation>My information</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="58"/>
        <source>税・所得、住民票、給付、年金、保険などについて、行政機関が持っているあなたの情報を分野ごとに表示します。</source>
        <translation>Shows the information agencies hold about you, by category: tax and income, resident record, benefits, pension, insurance and more.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="59"/>
        <source>お知らせ</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="60"/>
        <source>あなた宛てのお知らせを未読・期限・添付ファイルつきで表示し、民間送達サービスへの転送や公金の支払いもここから行います。</source>
        <translation>Shows your notices with unread state, deadlines and attachments; forwarding to a private delivery service and payments start here too.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="62"/>
        <source>サービス検索・申請</source>
        <translation>Find services and apply</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="63"/>
        <source>子育てなどのサービスを状況と市区町村で探し、必要な書類（情報連携で省略できるものを含む）を確認して、電子署名つきでオンライン申請し、その状況を確認します。</source>
        <translation>Find child-rearing and other services by situation and municipality, see the documents needed (and which ones data linkage makes unnecessary), apply online with an e-signature and track the status.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="65"/>
        <source>カードと証明書</source>
        <translation>Card and certificates</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="66"/>
        <source>カードの電子証明書と有効期限、暗証番号の残り回数を表示し、暗証番号の変更や読み取り機の診断を行います。</source>
        <translation>Shows the card&apos;s certificates and their validity and the PIN tries left; change a PIN and diagnose the reader.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="67"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/screens/__init__.py" line="68"/>
        <source>表示言語、文字の大きさ、配色、カードを抜いたときのログアウト、自動ログアウトまでの時間を設定します。</source>
        <translation>Set the language, text size, colours, logout on card removal and the time until automatic logout.</translation>
    </message>
    <message>
      <source>わたしの代理人</source>
      <translation>My proxies</translation>
    </message>
    <message>
      <source>あなたの代わりに使える人（代理人）と、あなたが代理人になっている人を表示し、解除と、代理人の操作記録の確認を行います。</source>
      <translation>Shows who may use the portal for you (your proxies) and whom you act for, lets you end a grant, and shows what proxies did for you.</translation>
    </message>
</context>
<context>
    <name>NotYetScreen</name>
    <message>
        <location filename="../../ui/screens/not_yet.py" line="26"/>
        <source>この機能はまだ準備中です。</source>
        <translation>This feature is not available yet.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/not_yet.py" line="30"/>
        <source>できるようになること: {summary}</source>
        <translation>What it will do: {summary}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/not_yet.py" line="39"/>
        <source>{title}（準備中）</source>
        <translation>{title} (not available yet)</translation>
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
</TS>
