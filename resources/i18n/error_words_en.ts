<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>ErrorWords</name>
    <message>
        <source>サーバーで問題が起きています。しばらくしてから、もう一度お試しください。</source>
        <translation>The server has a problem. Please try again later.</translation>
    </message>
    <message>
        <source>サーバーが要求を受け付けませんでした。アプリを最新版に更新してから、もう一度お試しください。</source>
        <translation>The server did not accept the request. Update the app to the latest version, then try again.</translation>
    </message>
    <message>
        <source>ログインが必要です。もう一度ログインしてください。</source>
        <translation>You need to log in. Please log in again.</translation>
    </message>
    <message>
        <source>カードを読み取れませんでした。カードを置き直して、もう一度お試しください。</source>
        <translation>The card could not be read. Place it on the reader again and try again.</translation>
    </message>
    <message>
        <source>カードリーダーが見つかりません。カードリーダーをパソコンにつなぎ直してください。</source>
        <translation>No card reader found. Connect the card reader to the computer again.</translation>
    </message>
    <message>
        <source>カードが見つかりません。マイナンバーカードを読み取り機に置いてください。</source>
        <translation>No card found. Place your My Number Card on the reader.</translation>
    </message>
    <message>
        <source>カードが読み取り機から外れました。処理は完了していません。カードを置き直して、もう一度お試しください。</source>
        <translation>The card left the reader. Nothing was completed. Place the card on the reader again and retry.</translation>
    </message>
    <message>
        <source>ほかのアプリがカードを使ったため、読み取りが中断されました。もう一度お試しください。</source>
        <translation>Another app used the card and reading was interrupted. Please try again.</translation>
    </message>
    <message>
        <source>暗証番号が違います。</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>暗証番号がロックされています。このアプリでは解除できません。利用者証明用・署名用の暗証番号は、もう一方の暗証番号が分かり、両方の電子証明書が有効なら、「JPKI暗証番号リセット」アプリで予約してコンビニ等のキオスク端末で再設定できます。それ以外は、お住まいの市区町村の窓口で再設定してください。</source>
        <translation>The PIN is blocked. This app cannot unblock it. The user-authentication PIN and the signing password can be reset at a convenience-store kiosk after booking in the JPKI PIN reset app (JPKI暗証番号リセット), if you know the other of the two and both certificates are valid. Otherwise, have it reset at your municipal office (市区町村の窓口).</translation>
    </message>
    <message>
        <source>暗証番号の形が違います。カードには送っていないので、残り回数は減っていません。</source>
        <translation>The PIN does not have the right form. Nothing was sent to the card, so no try was used.</translation>
    </message>
    <message>
        <source>カードの電子証明書を読み取れませんでした。カードを置き直して、もう一度お試しください。</source>
        <translation>The card's certificate could not be read. Place the card on the reader again and retry.</translation>
    </message>
    <message>
        <source>券面情報の整合性を確認できませんでした。カードから読み取った内容は使っていません。続く場合は、お住まいの市区町村の窓口にご相談ください。</source>
        <translation>The text data on the card could not be confirmed as intact, so nothing read from the card is used. If this keeps happening, ask at your municipal office.</translation>
    </message>
    <message>
        <source>このカードリーダーは必要な命令に対応していません。別のカードリーダーをお試しください。</source>
        <translation>This card reader does not support a command that is needed. Try another card reader.</translation>
    </message>
    <message>
        <source>カードから想定外の応答がありました。カードを置き直して、もう一度お試しください。</source>
        <translation>The card gave an unexpected answer. Put it on the reader again and retry.</translation>
    </message>
    <message>
        <source>操作が中止されました。</source>
        <translation>The operation was cancelled.</translation>
    </message>
    <message>
        <source>サーバーとのやりとりに失敗しました。しばらくしてから、もう一度お試しください。</source>
        <translation>Talking to the server failed. Please try again later.</translation>
    </message>
    <message>
        <source>サーバーに接続できません。ネットワークの接続を確認して、もう一度お試しください。</source>
        <translation>Cannot connect to the server. Check your network connection and try again.</translation>
    </message>
    <message>
        <source>サーバーの応答がありませんでした。しばらくしてから、もう一度お試しください。</source>
        <translation>The server did not answer in time. Please try again later.</translation>
    </message>
    <message>
        <source>サーバーの証明書を確認できないため、接続を中止しました。接続先の設定を確認してください。</source>
        <translation>The server's certificate could not be verified, so the connection was stopped. Check the server setting.</translation>
    </message>
    <message>
        <source>サーバーから想定外の応答がありました。しばらくしてから、もう一度お試しください。</source>
        <translation>The server sent an unexpected answer. Please try again later.</translation>
    </message>
    <message>
        <source>サーバーの準備ができていません。画面上部のサーバーの状態を確認してください。</source>
        <translation>The server is not ready. See the server status at the top of the window.</translation>
    </message>
    <message>
        <source>ログインの有効期限が切れました。もう一度ログインしてください。</source>
        <translation>Your login has expired. Please log in again.</translation>
    </message>
    <message>
        <source>ログアウトしました。続けるには、もう一度ログインしてください。</source>
        <translation>You have been logged out. Log in again to continue.</translation>
    </message>
    <message>
        <source>お探しの情報が見つかりませんでした。画面を開き直して、もう一度お試しください。</source>
        <translation>What you asked for was not found. Open the screen again and retry.</translation>
    </message>
    <message>
        <source>サーバーが入力内容を受け付けませんでした。内容を確認して、もう一度お試しください。</source>
        <translation>The server did not accept what was entered. Check it and try again.</translation>
    </message>
    <message>
        <source>サーバーがこの操作を受け付けませんでした。しばらくしてから、もう一度お試しください。</source>
        <translation>The server did not accept this action. Please try again later.</translation>
    </message>
    <message>
        <source>ログインの手続きがサーバー側で見つかりませんでした（サーバーが再起動した可能性があります）。もう一度「ログイン」を押してください。</source>
        <translation>The server did not find this login attempt (it may have restarted). Press "Log in" again.</translation>
    </message>
    <message>
        <source>ログインの手続きの有効期限（5分）が切れました。もう一度「ログイン」を押してください。</source>
        <translation>The login attempt expired (5 minutes). Press "Log in" again.</translation>
    </message>
    <message>
        <source>このログインの手続きはすでに使われていました。もう一度「ログイン」を押してください。</source>
        <translation>This login attempt had already been used. Press "Log in" again.</translation>
    </message>
    <message>
        <source>接続先サーバーのアドレスが、サーバー自身の名乗るアドレスと一致しません。安全のためログインを中止しました。接続先の設定を管理者に確認してください。</source>
        <translation>The server's address does not match the address it announces. Login stopped for your safety. Ask your administrator to check the server setting.</translation>
    </message>
    <message>
        <source>このカードの電子証明書は、このサーバーが信頼する認証局から発行されたものではありません。ご自分のマイナンバーカードか確認してください。</source>
        <translation>This card's certificate was not issued by an authority this server trusts. Check that this is your own My Number Card.</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書の有効期限が切れています。お住まいの市区町村の窓口で電子証明書を更新してください。</source>
        <translation>Your user certificate has expired. Renew it at your municipal office.</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書は失効しています（紛失の届け出などによる）。お住まいの市区町村の窓口で電子証明書の再発行を受けてください。</source>
        <translation>Your user certificate has been revoked (for example after a loss report). Get a new certificate at your municipal office.</translation>
    </message>
    <message>
        <source>カードの署名をサーバーで確認できませんでした。カードを置き直して、もう一度お試しください。</source>
        <translation>The server could not verify the card's signature. Put the card on the reader again and retry.</translation>
    </message>
    <message>
        <source>このカードの利用者は、このサービスに登録されていません。ご自分のマイナンバーカードか確認してください。</source>
        <translation>The holder of this card is not registered with this service. Check that this is your own My Number Card.</translation>
    </message>
    <message>
        <source>サーバーがログインを拒否しました。しばらくしてから、もう一度お試しください。</source>
        <translation>The server refused the login. Please try again later.</translation>
    </message>
    <message>
        <source>この操作は許可されていません。</source>
        <translation>This action is not allowed.</translation>
    </message>
    <message>
        <source>送信する内容が大きすぎます。添付ファイルを小さくしてください。</source>
        <translation>The application is too large to send. Please make the attached files smaller.</translation>
    </message>
    <message>
        <source>連携には同意が必要です。同意の欄にチェックを入れてください。</source>
        <translation>Linking needs your consent. Tick the consent box.</translation>
    </message>
    <message>
        <source>アカウントは、サービスに登録したメールアドレスの形で入力してください。</source>
        <translation>Enter the account as the e-mail address you registered with the service.</translation>
    </message>
    <message>
        <source>カード番号を確かめてください（12〜19桁の数字）。</source>
        <translation>Check the card number (12 to 19 digits).</translation>
    </message>
    <message>
        <source>有効期限は MM/YY の形で入力してください（例: 08/29）。</source>
        <translation>Enter the expiry as MM/YY (e.g. 08/29).</translation>
    </message>
    <message>
        <source>カードの有効期限が切れています。別のカードをお使いください。</source>
        <translation>The card has expired. Please use another card.</translation>
    </message>
    <message>
        <source>セキュリティコードはカード裏面の3桁（または表面の4桁）の数字です。</source>
        <translation>The security code is the 3 digits on the back of the card (or 4 on the front).</translation>
    </message>
    <message>
        <source>カード会社により決済が承認されませんでした。別のカードか Pay-easy をお使いください。</source>
        <translation>The card issuer declined the payment. Use another card or Pay-easy.</translation>
    </message>
    <message>
        <source>この納付はすでに完了しています。</source>
        <translation>This payment has already been made.</translation>
    </message>
    <message>
        <source>申請の内容に、サーバーが受け付けられない項目がありました。内容を確認して、もう一度署名してください。</source>
        <translation>The server could not accept some of the answers in the application. Check them and sign again.</translation>
    </message>
    <message>
        <source>署名した内容と送った内容が一致しませんでした。もう一度署名して送信してください。</source>
        <translation>What was signed does not match what was sent. Please sign and send again.</translation>
    </message>
    <message>
        <source>この申請は、選んだ市区町村には出せません。お住まいの市区町村の窓口へ申請してください。</source>
        <translation>This application cannot be filed with the chosen municipality. Apply to the office of the municipality you live in.</translation>
    </message>
    <message>
        <source>署名してから時間がたちすぎました。パソコンの時計を確認して、もう一度署名してください。</source>
        <translation>Too much time has passed since signing. Check the computer's clock and sign again.</translation>
    </message>
    <message>
        <source>添付ファイルが大きすぎるか、保存できる容量を超えています。ファイルを小さくしてください。</source>
        <translation>The attached files are too large or exceed the storage allowed. Please make the files smaller.</translation>
    </message>
    <message>
        <source>この申請の送信記録が、前に送った申請と食い違っています。もう一度署名して送信してください。</source>
        <translation>The record of this submission does not match an application sent before. Please sign and send again.</translation>
    </message>
    <message>
        <source>この届出の受付期間ではありません。児童扶養手当の現況届は8月1日現在の状況を届け出るもので、受付は毎年8月1日から8月31日までです。8月1日以降に提出してください。</source>
        <translation>This report cannot be filed yet. The child rearing allowance status report gives your situation on 1 August and is taken from 1 to 31 August every year. Please file it from 1 August.</translation>
    </message>
    <message>
        <source>今年の児童扶養手当の現況届は、すでに提出されています（「わたしの情報」で確認できます）。内容を変更するときは、お住まいの市区町村の窓口にお問い合わせください。</source>
        <translation>This year&apos;s child rearing allowance status report has already been filed (see My information). To change it, please contact your municipality&apos;s counter.</translation>
    </message>
    <message>
        <source>署名用電子証明書の有効期限が切れています。お住まいの市区町村の窓口で電子証明書を更新してください。</source>
        <translation>Your signing certificate has expired. Renew it at your municipal office.</translation>
    </message>
    <message>
        <source>署名用電子証明書は失効しています。お住まいの市区町村の窓口で電子証明書の再発行を受けてください。</source>
        <translation>Your signing certificate has been revoked. Get a new certificate at your municipal office.</translation>
    </message>
    <message>
        <source>署名に使った電子証明書を、このサーバーは受け付けませんでした。ログインに使ったご自分のマイナンバーカードで署名してください。</source>
        <translation>The server did not accept the certificate used for signing. Sign with your own My Number Card, the one you logged in with.</translation>
    </message>
    <message>
        <source>処理できませんでした。もう一度お試しください。</source>
        <translation>This could not be done. Please try again.</translation>
    </message>
    <message>
        <source>ログインの失敗が続いたか、アクセスが集中しているため、一時的に受け付けられません。しばらく待ってから、もう一度お試しください。</source>
        <translation>Too many failed logins or too many requests: the server is not accepting logins for now. Please wait a while and try again.</translation>
    </message>
    <message>
        <source>スマートカードのサービス（pcscd）が動いていません。端末で次のコマンドを実行してから、もう一度お試しください: sudo systemctl start pcscd</source>
        <translation>The smart-card service (pcscd) is not running. Run this command in a terminal, then try again: sudo systemctl start pcscd</translation>
    </message>
    <message>
        <source>数字だけを入力してください。カードには送っていないので、残り回数は減っていません。</source>
        <translation>Enter digits only. Nothing was sent to the card, so no try was used.</translation>
    </message>
    <message>
        <source>このカードはマイナンバーカードではありません。マイナンバーカードに差し替えてください（キャッシュカードなど別のカードが入っていないか確認してください）。</source>
        <translation>This is not a My Number Card. Use your My Number Card instead (check that no other card, such as a bank card, is in the reader).</translation>
    </message>
    <message>
        <source>Windows の「Smart Card」サービスが止まっています。スタートメニューで「サービス」を開き、「Smart Card」を右クリックして「開始」を選んでください（スタートアップの種類は「自動」に）。</source>
        <translation>The Windows "Smart Card" service is stopped. Open "Services" from the Start menu, right-click "Smart Card" and choose "Start" (set its startup type to "Automatic").</translation>
    </message>
    <message>
        <source>macOS のスマートカード機能が応答していません。カードリーダーを挿し直し、それでも直らなければ Mac を再起動してください。</source>
        <translation>The macOS smart-card function does not respond. Plug the card reader in again; if that does not help, restart the Mac.</translation>
    </message>
    <message>
        <source>暗証番号が違います。残り1回です。次に間違えるとロックされます。</source>
        <translation>Wrong PIN. 1 try left. Another wrong entry blocks the PIN.</translation>
    </message>
    <message>
        <source>使えるのは英字と数字だけです。カードには送っていないので、残り回数は減っていません。</source>
        <translation>Use letters and digits only. Nothing was sent to the card, so no try was used.</translation>
    </message>
    <message>
        <source>暗証番号は数字4桁です。カードには送っていないので、残り回数は減っていません。</source>
        <translation>The PIN has 4 digits. Nothing was sent to the card, so no try was used.</translation>
    </message>
    <message>
        <source>これは住民基本台帳カードです。マイナンバーカードに差し替えてください。</source>
        <translation>This is a Basic Resident Registration Card (住基カード). Use your My Number Card instead.</translation>
    </message>
    <message>
        <source>これはスマートフォン用の電子証明書です。パソコンではマイナンバーカードを使ってください。</source>
        <translation>This is a smartphone certificate. On a computer, use your My Number Card.</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書の暗証番号</source>
        <translation>user-certificate PIN</translation>
    </message>
    <message>
        <source>署名用電子証明書の暗証番号</source>
        <translation>signing-certificate PIN</translation>
    </message>
    <message>
        <source>券面事項入力補助用の暗証番号</source>
        <translation>card-text PIN</translation>
    </message>
    <message>
        <source>署名用電子証明書の暗証番号（英数字6〜16文字）が分かる場合は、スマートフォンの「JPKI暗証番号リセット」アプリで事前予約をしてから24時間以内に、対応するコンビニ等のキオスク端末（6時30分〜23時）で初期化・再設定できます（ICチップを読み取れるスマートフォンが必要です）。利用者証明用の暗証番号に対応する店舗は、セブン-イレブンや一部のイオンなどに限られます。</source>
        <translation>If you know the signing password (6–16 letters and digits), book in the JPKI PIN reset smartphone app (JPKI暗証番号リセット) and then, within 24 hours, reset the PIN at a kiosk terminal of a participating convenience store (6:30–23:00; you need a smartphone that can read the card's IC chip). Fewer stores reset the user-authentication PIN: 7-Eleven and some AEON stores, among others.</translation>
    </message>
    <message>
        <source>窓口の持ち物: マイナンバーカード（本人確認書類も求める市区町村があります）。</source>
        <translation>At the office, bring your My Number Card (some municipalities also ask for another proof of identity).</translation>
    </message>
    <message>
        <source>暗証番号が違います。残り{n}回です。</source>
        <translation>Wrong PIN. Tries left: {n}.</translation>
    </message>
    <message>
        <source>暗証番号は6〜16文字です。カードには送っていないので、残り回数は減っていません。</source>
        <translation>The PIN has 6–16 characters. Nothing was sent to the card, so no try was used.</translation>
    </message>
    <message>
        <source>新しい暗証番号には英字と数字の両方を入れてください。カードには送っていないので、残り回数は減っていません。</source>
        <translation>A new password must contain both letters and digits. Nothing was sent to the card, so no try was used.</translation>
    </message>
    <message>
        <source>{name}がロックされています。このアプリでは解除できません。</source>
        <translation>The {name} is locked. This app cannot unlock it.</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書の暗証番号（数字4桁）が分かる場合は、スマートフォンの「JPKI暗証番号リセット」アプリで事前予約をしてから24時間以内に、対応するコンビニ等のキオスク端末（6時30分〜23時）で初期化・再設定できます（ICチップを読み取れるスマートフォンが必要です）。</source>
        <translation>If you know the user-authentication PIN (4 digits), book in the JPKI PIN reset smartphone app (JPKI暗証番号リセット) and then, within 24 hours, reset the password at a kiosk terminal of a participating convenience store (6:30–23:00; you need a smartphone that can read the card's IC chip).</translation>
    </message>
    <message>
        <source>この暗証番号はコンビニでは再設定できません。お住まいの市区町村の窓口で再設定してください。</source>
        <translation>This PIN cannot be reset at a convenience store. Have it reset at your municipal office (市区町村の窓口).</translation>
    </message>
    <message>
        <source>処理できませんでした（{code}）。しばらくしてから、もう一度お試しください。</source>
        <translation>This could not be done ({code}). Please try again later.</translation>
    </message>
    <message>
        <source>ログインの失敗が続いたか、アクセスが集中しているため、一時的に受け付けられません。{n}秒ほど待ってから、もう一度お試しください。</source>
        <translation>Too many failed logins or too many requests: the server is not accepting logins for now. Wait about {n} seconds and try again.</translation>
    </message>
    <message>
        <source>この方の代理人ではなくなりました（解除されたか、期限が過ぎました）。</source>
        <translation>You no longer act for this person (the authorisation was revoked or has expired).</translation>
    </message>
    <message>
        <source>この操作は代理人としてはできません。</source>
        <translation>A representative cannot do this.</translation>
    </message>
    <message>
        <source>このカードには署名用電子証明書がありません（15歳未満で交付されたカードにはありません）。</source>
        <translation>This card has no signing certificate (a card issued under the age of 15 has none).</translation>
    </message>
    <message>
        <source>この申請は、代理ではなくご本人として行う手続きです。画面上部の「だれとして使う」でご自分に切り替えてから申請してください。</source>
        <translation>This application is made in your own name, not as a representative. Switch to yourself under "Use as" at the top of the window, then apply.</translation>
    </message>
    <message>
        <source>住民票で、このお子さまがあなたと同じ世帯にいることを確認できませんでした。戸籍の書類を持って、お住まいの市区町村の窓口で登録してください。</source>
        <translation>The residence record does not show this child in your household. Register at your municipal office, bringing a family register document.</translation>
    </message>
    <message>
        <source>任意代理には、今日より後の終了日が必要です。</source>
        <translation>A voluntary authorisation needs an end date after today.</translation>
    </message>
    <message>
        <source>代理の種類は「法定代理」か「任意代理」を選んでください。</source>
        <translation>Choose the kind of authorisation: legal or voluntary.</translation>
    </message>
    <message>
        <source>代理される方のカードの読み取り結果を送れませんでした。カードを置き直して、もう一度お試しください。</source>
        <translation>The represented person's card could not be sent. Put the card on the reader again and retry.</translation>
    </message>
    <message>
        <source>代理される方のカードの確認がサーバー側で見つかりませんでした。もう一度お試しください。</source>
        <translation>The server did not find the check of the represented person's card. Please try again.</translation>
    </message>
    <message>
        <source>代理される方のカードの確認の有効期限（5分）が切れました。もう一度お試しください。</source>
        <translation>The check of the represented person's card expired (5 minutes). Please try again.</translation>
    </message>
    <message>
        <source>代理される方のカードの確認はすでに使われていました。もう一度お試しください。</source>
        <translation>The check of the represented person's card had already been used. Please try again.</translation>
    </message>
    <message>
        <source>接続先サーバーのアドレスが一致しないため、代理人の登録を中止しました。接続先の設定を管理者に確認してください。</source>
        <translation>The server address does not match, so the registration was stopped. Ask your administrator to check the server setting.</translation>
    </message>
    <message>
        <source>代理される方のカードの電子証明書は、このサーバーが信頼する認証局のものではありません。</source>
        <translation>The represented person's card certificate was not issued by an authority this server trusts.</translation>
    </message>
    <message>
        <source>代理される方の利用者証明用電子証明書の有効期限が切れています。市区町村の窓口で更新してください。</source>
        <translation>The represented person's user certificate has expired. Renew it at the municipal office.</translation>
    </message>
    <message>
        <source>代理される方の利用者証明用電子証明書は失効しています。市区町村の窓口で再発行を受けてください。</source>
        <translation>The represented person's user certificate has been revoked. Get a new one at the municipal office.</translation>
    </message>
    <message>
        <source>代理される方のカードの署名を確認できませんでした。カードを置き直して、もう一度お試しください。</source>
        <translation>The represented person's card signature could not be verified. Put the card on the reader again and retry.</translation>
    </message>
    <message>
        <source>代理される方のカードの利用者は、このサービスに登録されていません。</source>
        <translation>The holder of the represented person's card is not registered with this service.</translation>
    </message>
    <message>
        <source>ただし、両方の電子証明書が有効であること（有効期限内で、署名用電子証明書が住所・氏名などの変更で失効していないこと）が条件です。</source>
        <translation>This works only while both certificates are valid: not expired, and the signing certificate not lapsed by a change of address, name or the like.</translation>
    </message>
    <message>
        <source>それ以外の場合は、お住まいの市区町村の窓口で再設定してください。</source>
        <translation>Otherwise, have it reset at your municipal office (市区町村の窓口).</translation>
    </message>
</context>
  <context>
    <name>ErrorWords</name>
    <message>
      <source>あなた自身のカードが読み取られました。本人（お子さん）のカードを別のカードリーダーに置いてください。</source>
      <translation>Your own card was read. Put the child's card on another card reader.</translation>
    </message>
    <message>
      <source>法定代理人として登録できるのは、18歳未満のお子さんのカードだけです。</source>
      <translation>You can register as legal representative only with the card of a child under 18.</translation>
    </message>
    <message>
      <source>18歳未満の方には、法定代理人（親権者）が代理人になります。</source>
      <translation>For someone under 18, the legal representative (a person with parental authority) is the proxy.</translation>
    </message>
    <message>
      <source>市区町村の措置により、この方の代理人は登録できません。</source>
      <translation>By a measure of the municipality, no proxy can be registered for this person.</translation>
    </message>
    <message>
      <source>あなたはすでにこの方の代理人です。</source>
      <translation>You are already this person's proxy.</translation>
    </message>
    <message>
      <source>この申請はお子さんの手続きです。画面上部の「だれとして使う」でお子さんに切り替えてから申請してください。</source>
      <translation>This application is the child's procedure. Switch to the child under &quot;Use as&quot; at the top, then apply.</translation>
    </message>
  </context>
</TS>
