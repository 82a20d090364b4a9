<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>LoginScreen</name>
    <message>
        <source>カードで署名しています。しばらくお待ちください…</source>
        <translation>Your card is signing. Please wait…</translation>
    </message>
    <message>
        <source>カードリーダーが見つかりません。カードリーダーをパソコンにつないでください。</source>
        <translation>No card reader found. Connect a card reader to this computer.</translation>
    </message>
    <message>
        <source>カードリーダーが複数あります。使うカードリーダーを選んで、マイナンバーカードを置いてください。</source>
        <translation>There are several card readers. Choose the one to use and put your My Number Card on it.</translation>
    </message>
    <message>
        <source>カードを確認しています…</source>
        <translation>Checking the card…</translation>
    </message>
    <message>
        <source>カードを読み取れませんでした。カードを置き直すか、「もう一度読み取る」を押してください。</source>
        <translation>The card could not be read. Put it on the reader again or press "Read again".</translation>
    </message>
    <message>
        <source>マイナンバーカードを確認しました。「ログイン」を押して、暗証番号（数字4桁）を入力してください。</source>
        <translation>My Number Card recognised. Press "Log in" and enter your PIN (4 digits).</translation>
    </message>
    <message>
        <source>ログインしています…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>デモ用のカードを準備しています（サーバーの起動を待っています）…</source>
        <translation>Preparing the demo card (waiting for the server to start)…</translation>
    </message>
    <message>
        <source>ログアウトしました。入力内容はすべて消去しました。</source>
        <translation>Logged out. Everything entered has been erased.</translation>
    </message>
    <message>
        <source>マイナンバーカードでログイン</source>
        <translation>Log in with your My Number Card</translation>
    </message>
    <message>
        <source>1. カードリーダーをつなぐ　2. マイナンバーカードを置く　3. 「ログイン」を押して暗証番号（数字4桁）を入力</source>
        <translation>1. Connect a card reader　2. Put your My Number Card on it　3. Press "Log in" and enter your PIN (4 digits)</translation>
    </message>
    <message>
        <source>使うカードリーダー(&amp;R):</source>
        <translation>Card &amp;reader to use:</translation>
    </message>
    <message>
        <source>使うカードリーダー</source>
        <translation>Card reader to use</translation>
    </message>
    <message>
        <source>ログイン</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>もう一度読み取る</source>
        <translation>Read again</translation>
    </message>
    <message>
        <source>カードをもう一度読み取る</source>
        <translation>Read the card again</translation>
    </message>
    <message>
        <source>ホームへ</source>
        <translation>Go to Home</translation>
    </message>
    <message>
        <source>ログアウト</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>署名の進み具合</source>
        <translation>Signing progress</translation>
    </message>
    <message>
        <source>デモ用のカード（架空の住民です。暗証番号はデモ用のヒントとして表示しています）(&amp;D):</source>
        <translation>&amp;Demo cards (fictional residents; their PINs are shown as a demo hint):</translation>
    </message>
    <message>
        <source>デモ用のカード</source>
        <translation>Demo cards</translation>
    </message>
    <message>
        <source>このカードを置く</source>
        <translation>Put this card on the reader</translation>
    </message>
    <message>
        <source>選んだデモ用カードを仮想カードリーダーに置く</source>
        <translation>Put the chosen demo card on the virtual card reader</translation>
    </message>
    <message>
        <source>カードを取り出す</source>
        <translation>Take the card out</translation>
    </message>
    <message>
        <source>デモ用カードを取り出す</source>
        <translation>Take the demo card out</translation>
    </message>
    <message>
        <source>カードなし</source>
        <translation>no card</translation>
    </message>
    <message>
        <source>確認中</source>
        <translation>checking</translation>
    </message>
    <message>
        <source>マイナンバーカード</source>
        <translation>My Number Card</translation>
    </message>
    <message>
        <source>マイナンバーカード以外</source>
        <translation>not a My Number Card</translation>
    </message>
    <message>
        <source>読み取りエラー</source>
        <translation>read error</translation>
    </message>
    <message>
        <source>デモでは、下の仮想カードリーダーも使えます。</source>
        <translation>In the demo you can also use the virtual card reader below.</translation>
    </message>
    <message>
        <source>下の一覧からデモ用のカードを選び、「このカードを置く」を押してください。</source>
        <translation>Choose a demo card in the list below and press "Put this card on the reader".</translation>
    </message>
    <message>
        <source>ログアウトしました。</source>
        <translation>Logged out.</translation>
    </message>
    <message>
        <source>一定時間操作がなかったため、安全のためログアウトしました。同じカードでログインし直すと、元の画面に戻ります。</source>
        <translation>You were logged out for safety after a period without activity. Log in again with the same card to return to where you were.</translation>
    </message>
    <message>
        <source>ログインの有効期限が切れたため、ログアウトしました。同じカードでログインし直すと、元の画面に戻ります。</source>
        <translation>Your login expired, so you were logged out. Log in again with the same card to return to where you were.</translation>
    </message>
    <message>
        <source>カードが取り外されたため、ログアウトしました。同じカードを置いてログインし直すと、元の画面に戻ります。</source>
        <translation>The card was removed, so you were logged out. Put the same card back and log in again to return to where you were.</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書の暗証番号: {tries}</source>
        <translation>User-certificate PIN: {tries}</translation>
    </message>
    <message>
        <source>カードを読み取り機から離さないでください。</source>
        <translation>Keep the card on the reader.</translation>
    </message>
    <message>
        <source>カードリーダー「{reader}」にマイナンバーカードを置いてください（差し込むか、読み取り部分にかざします）。</source>
        <translation>Put your My Number Card on the card reader "{reader}" (insert it, or hold it on the reader's contactless area).</translation>
    </message>
    <message>
        <source>{name} さんとしてログインしています（{municipality}）</source>
        <translation>Logged in as {name} ({municipality})</translation>
    </message>
    <message>
        <source>ログインには、利用者証明用電子証明書の暗証番号（数字4桁）が必要です。</source>
        <translation>Logging in needs the PIN of your user certificate (4 digits).</translation>
    </message>
    <message>
        <source>{name}（{municipality}）— 利用者証明用 {auth}／署名用 {sign}／券面事項 {kenhojo}</source>
        <translation>{name} ({municipality}) — user cert {auth} / signing {sign} / card text {kenhojo}</translation>
    </message>
    <message>
        <source>▶ {card}（置いています）</source>
        <translation>▶ {card} (placed)</translation>
    </message>
    <message>
        <source>前に使った方のカードが読み取り機に残っています。カードをいったん取り出し、ご自分のカードをもう一度置いてください。</source>
        <translation>The previous person's card is still in the reader. Take the card out, then place your own card again.</translation>
    </message>
    <message>
        <source>{name} さんのマイナンバーカードを確認しました。ご自分のカードであることを確かめてから「ログイン」を押して、暗証番号（数字4桁）を入力してください。</source>
        <translation>My Number Card of {name} found. Check that it is your card, then press Log in and enter the PIN (4 digits).</translation>
    </message>
    <message>
        <source>カード: {name} さん</source>
        <translation>Card: {name}</translation>
    </message>
    <message>
      <source>なし</source>
      <translation>none</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <source>利用者証明用電子証明書</source>
        <translation>User certificate (利用者証明用電子証明書)</translation>
    </message>
    <message>
        <source>利用者証明用 認証局の証明書</source>
        <translation>User certificate CA</translation>
    </message>
    <message>
        <source>署名用 認証局の証明書</source>
        <translation>Signing certificate CA</translation>
    </message>
    <message>
        <source>署名用電子証明書（暗証番号が必要）</source>
        <translation>Signing certificate (needs its PIN)</translation>
    </message>
    <message>
        <source>マイナンバーカードをカードリーダーに置いてください。</source>
        <translation>Put your My Number Card on the card reader.</translation>
    </message>
    <message>
        <source>有効です（有効期限: {date}）。</source>
        <translation>Valid (expires {date}).</translation>
    </message>
    <message>
        <source>有効期限が切れています（{date}）。市区町村の窓口で更新してください。</source>
        <translation>Expired ({date}). Renew it at your municipal office.</translation>
    </message>
    <message>
        <source>失効しています。市区町村の窓口で再発行の手続きをしてください。</source>
        <translation>Revoked. Apply for a new certificate at your municipal office.</translation>
    </message>
    <message>
        <source>この証明書は信頼できる認証局から発行されたものではありません。</source>
        <translation>This certificate was not issued by a trusted certification authority.</translation>
    </message>
    <message>
        <source>証明書を保存</source>
        <translation>Save certificate</translation>
    </message>
    <message>
        <source>マイナデスク 診断レポート</source>
        <translation>MynaDesk diagnostics report</translation>
    </message>
    <message>
        <source>診断レポートをコピーしました。</source>
        <translation>Diagnostics report copied.</translation>
    </message>
    <message>
        <source>診断レポートを保存</source>
        <translation>Save diagnostics report</translation>
    </message>
    <message>
        <source>カードと証明書</source>
        <translation>Card and certificates</translation>
    </message>
    <message>
        <source>電子証明書</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>証明書(&amp;E):</source>
        <translation>C&amp;ertificate:</translation>
    </message>
    <message>
        <source>表示する証明書</source>
        <translation>Certificate to show</translation>
    </message>
    <message>
        <source>カードから読む</source>
        <translation>Read from card</translation>
    </message>
    <message>
        <source>選んだ証明書をカードから読む</source>
        <translation>Read the chosen certificate from the card</translation>
    </message>
    <message>
        <source>有効性を確認</source>
        <translation>Check validity</translation>
    </message>
    <message>
        <source>証明書が失効していないかサーバーで確認</source>
        <translation>Ask the server whether the certificate is revoked</translation>
    </message>
    <message>
        <source>PEMで保存</source>
        <translation>Save as PEM</translation>
    </message>
    <message>
        <source>証明書をPEM形式で保存</source>
        <translation>Save the certificate in PEM format</translation>
    </message>
    <message>
        <source>DERで保存</source>
        <translation>Save as DER</translation>
    </message>
    <message>
        <source>証明書をDER形式で保存</source>
        <translation>Save the certificate in DER format</translation>
    </message>
    <message>
        <source>暗証番号の残り回数</source>
        <translation>PIN tries left</translation>
    </message>
    <message>
        <source>残り回数を読み直す</source>
        <translation>Read tries again</translation>
    </message>
    <message>
        <source>暗証番号の残り回数をカードから読み直す</source>
        <translation>Read the PINs' tries left from the card again</translation>
    </message>
    <message>
        <source>券面事項（券面事項入力補助）</source>
        <translation>Card text data (券面事項入力補助)</translation>
    </message>
    <message>
        <source>券面事項を読む（暗証番号が必要）</source>
        <translation>Read card text data (needs its PIN)</translation>
    </message>
    <message>
        <source>券面事項をカードから読む</source>
        <translation>Read the card text data from the card</translation>
    </message>
    <message>
        <source>マイナンバーを表示または隠す</source>
        <translation>Show or hide the My Number</translation>
    </message>
    <message>
        <source>診断（サポート用）</source>
        <translation>Diagnostics (for support)</translation>
    </message>
    <message>
        <source>診断レポートを作成</source>
        <translation>Create diagnostics report</translation>
    </message>
    <message>
        <source>コピー</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>診断レポートをコピー</source>
        <translation>Copy the diagnostics report</translation>
    </message>
    <message>
        <source>保存…</source>
        <translation>Save…</translation>
    </message>
    <message>
        <source>診断レポートをファイルに保存</source>
        <translation>Save the diagnostics report to a file</translation>
    </message>
    <message>
        <source>診断レポート（個人情報は含みません）</source>
        <translation>Diagnostics report (contains no personal data)</translation>
    </message>
    <message>
        <source>マイナンバー（隠しています）</source>
        <translation>My Number (hidden)</translation>
    </message>
    <message>
        <source>隠す</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>表示</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>変更…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>カードリーダー「{reader}」のマイナンバーカードを表示しています。</source>
        <translation>Showing the My Number Card in the card reader "{reader}".</translation>
    </message>
    <message>
        <source>証明書を保存しました: {path}</source>
        <translation>Certificate saved: {path}</translation>
    </message>
    <message>
        <source>ロックされています</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <source>{name}を変更しました。</source>
        <translation>{name} changed.</translation>
    </message>
    <message>
        <source>券面事項（氏名・住所・生年月日・性別・マイナンバー）を読むには、券面事項入力補助用の暗証番号（数字4桁）が必要です。</source>
        <translation>Reading the card text data (name, address, date of birth, sex, My Number) needs the card-text PIN (4 digits).</translation>
    </message>
    <message>
        <source>カードに記録された照合用データと一致しました（読み取った内容は書き換えられていません）。</source>
        <translation>Matches the check data recorded on the card (what was read has not been altered).</translation>
    </message>
    <message>
        <source>このカードには照合用のデータがないため、読み取った内容を照合していません。</source>
        <translation>This card holds no check data, so what was read could not be checked.</translation>
    </message>
    <message>
        <source>男性</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>女性</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>適用不能</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>診断レポートを保存しました: {path}</source>
        <translation>Diagnostics report saved: {path}</translation>
    </message>
    <message>
        <source>発行先</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>発行者</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>シリアル番号</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <source>有効期間の開始</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <source>有効期限</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>鍵</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>マイナンバー</source>
        <translation>My Number</translation>
    </message>
    <message>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>署名用電子証明書を読むには、署名用の暗証番号（英数字6〜16文字）が必要です。</source>
        <translation>Reading the signing certificate needs the signing PIN (6–16 letters and digits).</translation>
    </message>
    <message>
        <source>{name}を変更</source>
        <translation>Change {name}</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>数字4桁</source>
        <translation>4 digits</translation>
    </message>
    <message>
        <source>英大文字と数字の6〜16文字（小文字は大文字として扱います）</source>
        <translation>6–16 capital letters and digits (lower case counts as upper case)</translation>
    </message>
    <message>
        <source>残り回数を確認できませんでした。</source>
        <translation>The tries left could not be read.</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書の暗証番号</source>
        <translation>User-certificate PIN (利用者証明用電子証明書)</translation>
    </message>
    <message>
        <source>署名用電子証明書の暗証番号</source>
        <translation>Signing-certificate PIN (署名用電子証明書)</translation>
    </message>
    <message>
        <source>券面事項入力補助用の暗証番号</source>
        <translation>Card-text PIN (券面事項入力補助用)</translation>
    </message>
    <message>
        <source>残り{tries}回（{max}回続けて間違えるとロックされます）</source>
        <translation>Tries left: {tries} (blocked after {max} wrong entries in a row)</translation>
    </message>
    <message>
        <source>これが最後の1回です。間違えると暗証番号がロックされ、再設定の手続きが必要になることを理解しました</source>
        <translation>This is the last try. I understand that a wrong PIN blocks it and that it must then be reset</translation>
    </message>
    <message>
        <source>最後の1回であることの確認</source>
        <translation>Confirm that this is the last try</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>暗証番号を送信</source>
        <translation>Send the PIN</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>暗証番号（{rule}）(&amp;P):</source>
        <translation>&amp;PIN ({rule}):</translation>
    </message>
</context>
<context>
    <name>PinChangeDialog</name>
    <message>
        <source>今の暗証番号</source>
        <translation>Current PIN</translation>
    </message>
    <message>
        <source>新しい暗証番号</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>新しい暗証番号（確認）</source>
        <translation>New PIN (again)</translation>
    </message>
    <message>
        <source>今の暗証番号の入力は最後の1回です。間違えるとロックされることを理解しました</source>
        <translation>This is the last try for the current PIN. I understand that a wrong entry blocks it</translation>
    </message>
    <message>
        <source>最後の1回であることの確認</source>
        <translation>Confirm that this is the last try</translation>
    </message>
    <message>
        <source>変更する</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>暗証番号を変更する</source>
        <translation>Change the PIN</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>今の暗証番号(&amp;C):</source>
        <translation>&amp;Current PIN:</translation>
    </message>
    <message>
        <source>新しい暗証番号(&amp;N):</source>
        <translation>&amp;New PIN:</translation>
    </message>
    <message>
        <source>もう一度(&amp;A):</source>
        <translation>&amp;Again:</translation>
    </message>
    <message>
        <source>新しい暗証番号が2回とも同じになっていません。カードには何も送っていません。</source>
        <translation>The two new PINs differ. Nothing was sent to the card.</translation>
    </message>
    <message>
        <source>新しい暗証番号が今の暗証番号と同じです。</source>
        <translation>The new PIN is the same as the current one.</translation>
    </message>
    <message>
        <source>推測されやすい暗証番号です。別の番号にしてください。</source>
        <translation>This PIN is easy to guess. Choose another one.</translation>
    </message>
    <message>
        <source>{name}の変更</source>
        <translation>Change the {name}</translation>
    </message>
    <message>
        <source>新しい暗証番号: {rule}。</source>
        <translation>New PIN: {rule}. </translation>
    </message>
    <message>
        <source>今の暗証番号: </source>
        <translation>Current PIN: </translation>
    </message>
    <message>
        <source>新しい暗証番号: </source>
        <translation>New PIN: </translation>
    </message>
    <message>
        <source>英字と数字の両方を入れてください（123456 や ABCDEF のような数字だけ・英字だけのものは設定できません）。</source>
        <translation>Use both letters and digits (a password of digits only or letters only, such as 123456 or ABCDEF, cannot be set). </translation>
    </message>
    <message>
        <source>推測されやすい番号（同じ数字の繰り返し、1234 など）は避けてください。</source>
        <translation>Avoid easily guessed PINs (one digit repeated, 1234 and the like).</translation>
    </message>
</context>
<context>
    <name>SessionWarning</name>
    <message>
        <source>まもなくログアウトします</source>
        <translation>You will be logged out soon</translation>
    </message>
    <message>
        <source>入力中の内容は保存されます。続けるには「続ける」を押してください。</source>
        <translation>What you have entered is kept. Press "Continue" to stay logged in.</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>ログインを続ける</source>
        <translation>Stay logged in</translation>
    </message>
    <message>
        <source>ログアウト</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>今すぐログアウト</source>
        <translation>Log out now</translation>
    </message>
    <message>
        <source>操作がないため、あと{n}秒でログアウトします。</source>
        <translation>No activity: you will be logged out in {n} s.</translation>
    </message>
</context>
<context>
    <name>DemoCards</name>
    <message>
        <source>デモ用の仮想カードリーダー</source>
        <translation>Virtual demo card reader</translation>
    </message>
</context>
<context>
    <name>CardLife</name>
    <message>
        <source>{name}がロックされています（このアプリでは解除できません）。</source>
        <translation>The {name} is locked (this app cannot unlock it). </translation>
    </message>
    <message>
        <source>{name}の有効期限: {date}（あと{n}日）。</source>
        <translation>The {name} is valid until {date} ({n} days left).</translation>
    </message>
    <message>
        <source>{name}の有効期限が切れています（{date}まで）。</source>
        <translation>The {name} has expired (it was valid until {date}). </translation>
    </message>
    <message>
        <source>{name}の有効期限まで1か月を切りました（{date}まで、あと{n}日）。</source>
        <translation>Less than 1 month until the {name} expires (valid until {date}, {n} days left). </translation>
    </message>
    <message>
        <source>{name}の有効期限まで1週間を切りました（{date}まで、あと{n}日）。</source>
        <translation>Less than 1 week until the {name} expires (valid until {date}, {n} days left). </translation>
    </message>
    <message>
        <source>{name}の有効期限まで3か月を切りました（{date}まで、あと{n}日）。</source>
        <translation>Less than 3 months until the {name} expires (valid until {date}, {n} days left). </translation>
    </message>
    <message>
        <source>または、</source>
        <translation> Or </translation>
    </message>
    <message>
        <source>{pin}は、あと1回間違えるとロックされます。確かでないときは入力せず、窓口で確認してください。</source>
        <translation>One more wrong entry locks the {pin}. If you are not sure of it, do not enter it; ask at your municipal office window.</translation>
    </message>
    <message>
        <source>{stopped}はできません。{works}（利用者証明用電子証明書）はこれまでどおり使えます。署名が必要なときは、お住まいの市区町村の窓口で署名用電子証明書の発行を申請してください（持ち物: マイナンバーカード、暗証番号）。</source>
        <translation>{stopped} is not possible. {works} (user certificate, 利用者証明用電子証明書) works as before. When you need to sign, apply for a new signature certificate at your municipal office window (bring your My Number Card and its PINs).</translation>
    </message>
    <message>
        <source>{use}はできません。お住まいの市区町村の窓口で、新しい電子証明書の発行を受けられます（持ち物: マイナンバーカード、暗証番号）。</source>
        <translation>{use} is not possible. Your municipal office window can issue a new certificate (bring your My Number Card and its PINs).</translation>
    </message>
    <message>
        <source>お住まいの市区町村の窓口で再設定できます。持ち物: マイナンバーカード（本人確認書類も求める市区町村があります）。</source>
        <translation>reset it at your municipal office window. Bring: your My Number Card (some municipalities also ask for proof of identity). </translation>
    </message>
    <message>
        <source>この手続きで使う暗証番号:</source>
        <translation>PINs this procedure uses:</translation>
    </message>
    <message>
        <source>この申請は電子署名をしないと送信できないため、入力を始める前に止めています。</source>
        <translation>This application cannot be sent without a signature, so it stops here, before you type anything.</translation>
    </message>
    <message>
        <source>カードからの入力は使えないので、申請書は手で入力してください。</source>
        <translation>Filling in from the card is not possible: type the form by hand.</translation>
    </message>
    <message>
        <source>カードから申請書への入力</source>
        <translation>Filling in the form from the card</translation>
    </message>
    <message>
        <source>カードと電子証明書の有効期限</source>
        <translation>Card and certificate expiry</translation>
    </message>
    <message>
        <source>カードの券面事項から申請書への入力</source>
        <translation>Filling in forms from the card's text data</translation>
    </message>
    <message>
        <source>カードの有効期限が近づくと、J-LISから有効期限通知書が届きます。手続きはお住まいの市区町村の窓口にお問い合わせください。</source>
        <translation>J-LIS sends an expiry notice (有効期限通知書) as the card's expiry approaches. Ask your municipal office window about the procedure.</translation>
    </message>
    <message>
        <source>マイナポータルへのログイン</source>
        <translation>Mynaportal login</translation>
    </message>
    <message>
        <source>マイナンバーカード</source>
        <translation>My Number Card</translation>
    </message>
    <message>
        <source>ログイン</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>ログインできないため、このアプリのサービスは再設定まで使えません。</source>
        <translation>Without login, this app's services cannot be used until the PIN is reset.</translation>
    </message>
    <message>
        <source>ロックされています</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>署名用電子証明書が失効しています</source>
        <translation>its signature certificate has lapsed</translation>
    </message>
    <message>
        <source>・{step}: {pin}（{state}）</source>
        <translation>- {step}: {pin} ({state})</translation>
    </message>
    <message>
        <source>今も使えるもの: {uses}。</source>
        <translation>Still possible: {uses}.</translation>
    </message>
    <message>
        <source>住民基本台帳用の暗証番号</source>
        <translation>resident registry PIN (住民基本台帳用)</translation>
    </message>
    <message>
        <source>使えないもの: {uses}。</source>
        <translation>Not possible until then: {uses}. </translation>
    </message>
    <message>
        <source>利用者証明用電子証明書</source>
        <translation>user certificate (利用者証明用電子証明書)</translation>
    </message>
    <message>
        <source>持ち物: マイナンバーカード、暗証番号（分からないときは窓口で初期化でき、その場合はほかの本人確認書類も）、J-LISから届いた有効期限通知書（届いていれば）。</source>
        <translation>Bring: your My Number Card, its PINs (if you do not know one, the window can reset it; then bring another proof of identity too), and the expiry notice (有効期限通知書) from J-LIS if you received it.</translation>
    </message>
    <message>
        <source>更新は{opens}から、お住まいの市区町村の窓口でできます（有効期限の3か月前の翌日から）。</source>
        <translation>You can renew it from {opens} at your municipal office window (the day after the date 3 months before expiry). </translation>
    </message>
    <message>
        <source>更新は、お住まいの市区町村の窓口で今からできます（有効期限の3か月前の翌日から受け付けています）。</source>
        <translation>You can renew it now at your municipal office window (renewal opens the day after the date 3 months before expiry). </translation>
    </message>
    <message>
        <source>申請書への電子署名（署名が必要な電子申請の送信）</source>
        <translation>Signing applications (sending online applications that need a signature)</translation>
    </message>
    <message>
        <source>署名用電子証明書</source>
        <translation>signature certificate (署名用電子証明書)</translation>
    </message>
    <message>
        <source>署名用電子証明書は{date}に失効しています。</source>
        <translation>Your signature certificate (署名用電子証明書) lapsed on {date}.</translation>
    </message>
    <message>
        <source>署名用電子証明書は、住所の変更により{date}に失効しました。</source>
        <translation>Your signature certificate (署名用電子証明書) lapsed on {date} because your address changed.</translation>
    </message>
    <message>
        <source>送信前の電子署名</source>
        <translation>Signing before sending</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
  <context>
    <name>DemoCards</name>
    <message>
      <source>デモ用の仮想カードリーダー（2台目）</source>
      <translation>Demo virtual card reader (second)</translation>
    </message>
  </context>
</TS>
