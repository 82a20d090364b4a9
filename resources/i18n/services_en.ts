<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>ServiceAttachments</name>
    <message>
        <source>この書類は、申請の後に窓口でご提出いただけます。申請はこのまま進められます。</source>
        <translation>You can hand in this document at the counter after applying. You can go on with the application.</translation>
    </message>
    <message>
        <source>ただし、この書類は後から窓口に出すことはできず、電子申請に添付が必要です。この端末では添付できないため、ご自宅のパソコン等から電子申請するか、窓口で申請してください。</source>
        <translation>However, this document cannot be handed in at the counter later: it must be attached to the online application. As this terminal cannot attach files, please apply online from your own computer, or apply at the counter.</translation>
    </message>
    <message>
        <source>{document}：申請の後に窓口で提出</source>
        <translation>{document}: to be handed in at the counter after applying</translation>
    </message>
    <message>
        <source>情報連携により提出不要（{via}）</source>
        <translation>Not needed: obtained through information linkage ({via})</translation>
    </message>
    <message>
        <source>画像を表示できません</source>
        <translation>Cannot show the image</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>添付できるのは PDF・JPEG・PNG です。マイナンバーカードで署名するので、本人確認書類は不要です。</source>
        <translation>You can attach PDF, JPEG and PNG files. Because you sign with your My Number Card, no proof of identity is needed.</translation>
    </message>
    <message>
        <source>（必須）</source>
        <translation>(required)</translation>
    </message>
    <message>
        <source>（任意）</source>
        <translation>(optional)</translation>
    </message>
    <message>
        <source>ファイルを選ぶ…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <source>添付するファイルを選ぶ</source>
        <translation>Choose a file to attach</translation>
    </message>
    <message>
        <source>PDF・画像 (*.pdf *.jpg *.jpeg *.png)</source>
        <translation>PDF and images (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>情報連携により提出不要（別表第二 {item}項）</source>
        <translation>Not needed: obtained through information linkage (Appended Table 2, item {item})</translation>
    </message>
    <message>
        <source>住基ネット</source>
        <translation>Basic Resident Registry network</translation>
    </message>
    <message>
        <source>{name} のプレビュー</source>
        <translation>Preview of {name}</translation>
    </message>
    <message>
        <source>今の入力内容では、添付が必要な書類はありません。</source>
        <translation>With your current answers, no documents need to be attached.</translation>
    </message>
    <message>
        <source>情報連携で提出が不要になる書類</source>
        <translation>Documents you do not need thanks to information linkage</translation>
    </message>
    <message>
        <source>外す</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>PDF（{pages}ページ）</source>
        <translation>PDF (pages: {pages})</translation>
    </message>
    <message>
        <source>形式: {types}／1ファイル {size} まで／{n}件まで</source>
        <translation>Types: {types} / up to {size} per file / at most {n} file(s)</translation>
    </message>
    <message>
        <source>{doc} のファイルを選ぶ</source>
        <translation>Choose a file for {doc}</translation>
    </message>
    <message>
        <source>{name} を外す</source>
        <translation>Remove {name}</translation>
    </message>
    <message>
        <source>ファイルを読み込めませんでした。</source>
        <translation>The file could not be read.</translation>
    </message>
    <message>
        <source>添付できるのは{max}件までです。先に外してください。</source>
        <translation>You can attach at most {max} file(s) here. Remove one first.</translation>
    </message>
    <message>
        <source>・{document}：{reason}</source>
        <translation>• {document}: {reason}</translation>
    </message>
    <message>
        <source>・</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ServiceForm</name>
    <message>
        <source>登録済みの公金受取口座を利用する</source>
        <translation>Use my registered public-funds receipt account (公金受取口座)</translation>
    </message>
    <message>
        <source>公金受取口座を利用する</source>
        <translation>Use the public-funds receipt account</translation>
    </message>
    <message>
        <source>（必須）</source>
        <translation>(required)</translation>
    </message>
    <message>
        <source>選択してください</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <source>＋ {item}を追加</source>
        <translation>+ Add {item}</translation>
    </message>
    <message>
        <source>{item}を追加</source>
        <translation>Add {item}</translation>
    </message>
    <message>
        <source>この{item}を削除</source>
        <translation>Remove this {item}</translation>
    </message>
    <message>
        <source>{item} {n} を削除</source>
        <translation>Remove {item} {n}</translation>
    </message>
    <message>
        <source>例: {example}</source>
        <translation>e.g. {example}</translation>
    </message>
    <message>
        <source>金融機関コード（4桁）</source>
        <translation>Bank code (4 digits)</translation>
    </message>
    <message>
        <source>支店コード（3桁）</source>
        <translation>Branch code (3 digits)</translation>
    </message>
    <message>
        <source>預金種別</source>
        <translation>Account type</translation>
    </message>
    <message>
        <source>口座番号（7桁）</source>
        <translation>Account number (7 digits)</translation>
    </message>
    <message>
        <source>口座名義（カタカナ）</source>
        <translation>Account holder (katakana)</translation>
    </message>
    <message>
        <source>普通</source>
        <translation>Ordinary</translation>
    </message>
    <message>
        <source>当座</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>貯蓄</source>
        <translation>Savings</translation>
    </message>
    <message>
        <source>記号（5桁）</source>
        <translation>Symbol (記号, 5 digits)</translation>
    </message>
    <message>
        <source>番号（8桁まで）</source>
        <translation>Number (番号, up to 8 digits)</translation>
    </message>
    <message>
        <source>ゆうちょ銀行の口座（通帳の記号・番号で入力）</source>
        <translation>A Japan Post Bank account (enter the 記号 and 番号 from the passbook)</translation>
    </message>
    <message>
        <source>ゆうちょ銀行の記号・番号で入力する</source>
        <translation>Enter a Japan Post Bank symbol and number</translation>
    </message>
  <message>
      <source>公金受取口座とは、給付金などを受け取るために、本人名義の預貯金口座を一人一口座、国（デジタル庁）に登録したものです。これを選ぶと、その登録済みの口座が振込先になります。どの口座が登録されているかは、このアプリでは表示できません（マイナポータルで確認できます）。</source>
      <translation>The public benefit account (公金受取口座) is one savings account in your own name that you registered with the government (Digital Agency) to receive benefits. If you choose it, payments go to that registered account. This app cannot show which account is registered (you can check it on Mynaportal).</translation>
    </message>
    <message>
      <source>番号を表示</source>
      <translation>Show number</translation>
    </message>
    <message>
      <source>{field}を表示する</source>
      <translation>Show {field}</translation>
    </message>
  </context>
<context>
    <name>ServiceSearch</name>
    <message>
        <source>オンラインで申請できます（電子署名つき）。窓口でも申請できます。</source>
        <translation>You can apply online (with an electronic signature) or at the counter.</translation>
    </message>
    <message>
        <source>窓口で申請してください（オンライン申請はできません）。</source>
        <translation>Apply at the counter (no online application).</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>What it gives</translation>
    </message>
    <message>
        <source>対象となる方</source>
        <translation>Who is eligible</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>申請先</source>
        <translation>Where to apply</translation>
    </message>
    <message>
        <source>申請方法</source>
        <translation>How to apply</translation>
    </message>
    <message>
        <source>根拠法令</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>市区町村(&amp;M):</source>
        <translation>&amp;Municipality:</translation>
    </message>
    <message>
        <source>市区町村名または6桁のコード（例: 新座市、112305）</source>
        <translation>Municipality name or 6-digit code (e.g. 新座市, 112305)</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>読み込んだすべての市区町村</source>
        <translation>All loaded municipalities</translation>
    </message>
    <message>
        <source>読み込んだすべての市区町村から探す</source>
        <translation>Search all loaded municipalities</translation>
    </message>
    <message>
        <source>状況(&amp;S):</source>
        <translation>&amp;Situation:</translation>
    </message>
    <message>
        <source>状況</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>すべて</source>
        <translation>All</translation>
    </message>
    <message>
        <source>キーワード(&amp;K):</source>
        <translation>&amp;Keywords:</translation>
    </message>
    <message>
        <source>例: 児童手当、保育、妊娠</source>
        <translation>Search in Japanese, e.g. 児童手当, 保育, 妊娠</translation>
    </message>
    <message>
        <source>キーワード</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <source>オンライン申請できるものだけ</source>
        <translation>Online only</translation>
    </message>
    <message>
        <source>オンライン申請できるものだけ表示</source>
        <translation>Show only services you can apply for online</translation>
    </message>
    <message>
        <source>検索結果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>サービスの詳細</source>
        <translation>Service details</translation>
    </message>
    <message>
        <source>オンラインで申請する(&amp;A)</source>
        <translation>&amp;Apply online</translation>
    </message>
    <message>
        <source>選んだサービスをオンラインで申請する</source>
        <translation>Apply online for the selected service</translation>
    </message>
    <message>
        <source>オンライン申請できます</source>
        <translation>Online application available</translation>
    </message>
    <message>
        <source>窓口で申請</source>
        <translation>Apply at the counter</translation>
    </message>
    <message>
        <source>情報連携により提出不要（住基ネット）</source>
        <translation>Not needed: obtained through information linkage (Basic Resident Registry network)</translation>
    </message>
    <message>
        <source>必須</source>
        <translation>required</translation>
    </message>
    <message>
        <source>該当する方のみ</source>
        <translation>only if it applies to you</translation>
    </message>
    <message>
        <source>市区町村を選ぶと、その市区町村のサービスを表示します。</source>
        <translation>Choose a municipality to see its services.</translation>
    </message>
    <message>
        <source>条件に合うサービスはありません。キーワードや状況を変えてお試しください。</source>
        <translation>No service matches. Try other keywords or another situation.</translation>
    </message>
    <message>
        <source>情報連携により提出不要（別表第二 {item}項）</source>
        <translation>Not needed: obtained through information linkage (Appended Table 2, item {item})</translation>
    </message>
    <message>
        <source>主な必要書類</source>
        <translation>Documents usually needed</translation>
    </message>
    <message>
        <source>情報連携で提出が不要になる書類</source>
        <translation>Documents you do not need thanks to information linkage</translation>
    </message>
    <message>
        <source>{n}件見つかりました。</source>
        <translation>Services found: {n}.</translation>
    </message>
    <message>
        <source>{document}（{mark}）</source>
        <translation>{document} ({mark})</translation>
    </message>
    <message>
        <source>{service}（{municipality}）</source>
        <translation>{service} ({municipality})</translation>
    </message>
    <message>
        <source>この一覧はデモ用のサンプルデータです。担当窓口など出典のある項目を除き、実際の市区町村の手続・窓口とは異なります。</source>
        <translation>This list is sample data for the demo. Except where a source is named (such as the section in charge), it differs from the real procedures and counters of the municipality.</translation>
    </message>
    <message>
        <source>担当窓口</source>
        <translation>Section in charge</translation>
    </message>
    <message>
        <source>担当窓口は市区町村にお問い合わせください</source>
        <translation>Ask the municipality which section handles this</translation>
    </message>
    <message>
        <source>審査・決定</source>
        <translation>Decided by</translation>
    </message>
</context>
<context>
    <name>ServiceSituations</name>
    <message>
        <source>妊娠したとき</source>
        <translation>Expecting a child</translation>
    </message>
    <message>
        <source>子どもが生まれたとき</source>
        <translation>A child was born</translation>
    </message>
    <message>
        <source>引っ越したとき</source>
        <translation>Moved house</translation>
    </message>
    <message>
        <source>保育所などを利用したいとき</source>
        <translation>Need a nursery place</translation>
    </message>
    <message>
        <source>ひとり親家庭になったとき</source>
        <translation>Became a single parent</translation>
    </message>
    <message>
        <source>子どもに障害があるとき</source>
        <translation>Child with a disability</translation>
    </message>
    <message>
        <source>子どもが増えたとき</source>
        <translation>One more child</translation>
    </message>
    <message>
        <source>毎年の手続</source>
        <translation>Yearly procedures</translation>
    </message>
</context>
<context>
    <name>ServiceStatus</name>
    <message>
        <source>{office}（{department}）</source>
        <translation>{office} ({department})</translation>
    </message>
    <message>
        <source>次の書類を {office} の窓口にご提出ください（受付番号をお伝えください）:</source>
        <translation>Please hand in these documents at the counter of {office} (give your receipt number):</translation>
    </message>
    <message>
        <source>・{document}</source>
        <translation>• {document}</translation>
    </message>
    <message>
        <source>受付済み（市区町村の審査待ち）</source>
        <translation>Received (waiting for the municipality's review)</translation>
    </message>
    <message>
        <source>審査中（市区町村が情報連携で確認しています）</source>
        <translation>Under review (the municipality is checking through information linkage)</translation>
    </message>
    <message>
        <source>決定（認定されました）</source>
        <translation>Decided (approved)</translation>
    </message>
    <message>
        <source>決定（却下されました）</source>
        <translation>Decided (rejected)</translation>
    </message>
    <message>
        <source>申請の経過</source>
        <translation>Progress of the application</translation>
    </message>
    <message>
        <source>この申請の情報連携をやりとり履歴で見る(&amp;H)</source>
        <translation>See this application's linkage in the exchange &amp;history</translation>
    </message>
    <message>
        <source>この申請のための情報のやりとりを、やりとり履歴で見る</source>
        <translation>See the information exchanged for this application in the exchange history</translation>
    </message>
    <message>
        <source>サービス検索・申請へ戻る(&amp;B)</source>
        <translation>&amp;Back to services</translation>
    </message>
    <message>
        <source>サービス検索・申請へ戻る</source>
        <translation>Back to services</translation>
    </message>
    <message>
        <source>申請の状況を確認しています…</source>
        <translation>Checking the status of the application…</translation>
    </message>
    <message>
        <source>受付番号: {n}</source>
        <translation>Receipt number: {n}</translation>
    </message>
    <message>
        <source>状況: {s}</source>
        <translation>Status: {s}</translation>
    </message>
    <message>
        <source>自動でもう一度確認します。</source>
        <translation>It will be checked again automatically.</translation>
    </message>
    <message>
        <source>経過</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>この申請の審査のために行われた情報連携</source>
        <translation>Information linkage used to review this application</translation>
    </message>
    <message>
        <source>決定通知</source>
        <translation>Decision notice</translation>
    </message>
    <message>
        <source>決定通知を取得しています…</source>
        <translation>Fetching the decision notice…</translation>
    </message>
    <message>
        <source>{requester} → {provider}：{information}（{basis}）— {outcome}</source>
        <translation>{requester} → {provider}: {information} ({basis}) — {outcome}</translation>
    </message>
    <message>
        <source>記録ID {id}</source>
        <translation>record ID {id}</translation>
    </message>
    <message>
        <source>書類の提出をお願いしています</source>
        <translation>Documents requested from you</translation>
    </message>
    <message>
        <source>書類の提出のお願い</source>
        <translation>Request for documents</translation>
    </message>
    <message>
        <source>来庁予約済み（来庁時の手続の後に審査・決定します）</source>
        <translation>Visit booked (the office reviews and decides after your visit)</translation>
    </message>
    <message>
        <source>来庁日時のお知らせ</source>
        <translation>Your visit: date and time</translation>
    </message>
</context>
<context>
    <name>ServiceWizard</name>
    <message>
        <source>暗号化してこのパソコンに保存（鍵はこのユーザーのファイル。OSのアカウントと同じ安全性です）</source>
        <translation>encrypted on this computer (the key is in a file only your user account can read, so it is as safe as that account)</translation>
    </message>
    <message>
        <source>この端末のメモリだけに保持しています（ログアウトやカードを抜くと消去されます）</source>
        <translation>in this terminal's memory only (erased when you log out or remove the card)</translation>
    </message>
    <message>
        <source>暗号化してこのパソコンに保存（鍵はOSの資格情報ストア）</source>
        <translation>encrypted on this computer (the key is in the OS credential store)</translation>
    </message>
    <message>
        <source>添付書類</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>確認と署名</source>
        <translation>Review and sign</translation>
    </message>
    <message>
        <source>カードとわたしの情報から入力(&amp;F)</source>
        <translation>&amp;Fill in from my card and My Information</translation>
    </message>
    <message>
        <source>マイナンバーカードとわたしの情報から入力する</source>
        <translation>Fill in from the My Number Card and My Information</translation>
    </message>
    <message>
        <source>申請の手順</source>
        <translation>Steps of the application</translation>
    </message>
    <message>
        <source>中断して一覧へ(&amp;Q)</source>
        <translation>Pause and &amp;quit to the list</translation>
    </message>
    <message>
        <source>申請を中断して一覧へ戻る（下書きは保存されます）</source>
        <translation>Pause the application and go back to the list (the draft is saved)</translation>
    </message>
    <message>
        <source>戻る(&amp;B)</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <source>前の手順へ</source>
        <translation>Previous step</translation>
    </message>
    <message>
        <source>次へ(&amp;N)</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <source>次の手順へ</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>署名して申請する(&amp;S)</source>
        <translation>&amp;Sign and apply</translation>
    </message>
    <message>
        <source>署名用電子証明書で署名して申請する</source>
        <translation>Sign with the signing certificate and apply</translation>
    </message>
    <message>
        <source>もう一度送信(&amp;R)</source>
        <translation>&amp;Resend</translation>
    </message>
    <message>
        <source>同じ申請をもう一度送信する</source>
        <translation>Send the same application again</translation>
    </message>
    <message>
        <source>確認</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>入力内容の確認</source>
        <translation>Review your answers</translation>
    </message>
    <message>
        <source>内容を確認し、よければ「署名して申請する」を押してください。署名用電子証明書の暗証番号（英数字6〜16文字）を使います。</source>
        <translation>Check your answers, then press Sign and apply. You will need the signing certificate password (6–16 letters and digits).</translation>
    </message>
    <message>
        <source>必要な書類が添付されていません。</source>
        <translation>A required document is not attached.</translation>
    </message>
    <message>
        <source>添付書類に直す必要があるものがあります。書類ごとの説明に従って直してください。</source>
        <translation>Some attached documents need fixing. Follow the note under each document.</translation>
    </message>
    <message>
        <source>前回の送信が届いたか確認できていません。「もう一度送信」を押すと、同じ申請をもう一度送ります（二重に申請されることはありません）。</source>
        <translation>It is not confirmed that your last sending arrived. Press Resend to send the same application again (it will never be applied for twice).</translation>
    </message>
    <message>
        <source>はい</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>No</translation>
    </message>
    <message>
        <source>公金受取口座</source>
        <translation>Public-funds receipt account</translation>
    </message>
    <message>
        <source>普通</source>
        <translation>Ordinary</translation>
    </message>
    <message>
        <source>当座</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>貯蓄</source>
        <translation>Savings</translation>
    </message>
    <message>
        <source>送信しています…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>もう一度送信しています…</source>
        <translation>Sending again…</translation>
    </message>
    <message>
        <source>署名にはログインに使ったマイナンバーカードが必要です。</source>
        <translation>Signing needs the My Number Card you logged in with.</translation>
    </message>
    <message>
        <source>カードで署名しています。カードを動かさないでください…</source>
        <translation>Signing with your card. Do not move the card…</translation>
    </message>
    <message>
        <source>下書きを保存できませんでした。空き容量を確認してください。入力内容はこの画面に残っています。</source>
        <translation>The draft could not be saved. Check the free disk space. Your entries are still on this screen.</translation>
    </message>
    <message>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <source>署名を取りやめました。入力した内容は下書きに残っています。</source>
        <translation>Signing cancelled. What you entered is kept in the draft.</translation>
    </message>
    <message>
        <source>直す必要のある項目があります。赤い文字の説明に従って直してください。</source>
        <translation>Some entries need correcting. Follow the messages in red.</translation>
    </message>
    <message>
        <source>ログインの有効期限が切れました。もう一度ログインしてから「もう一度送信」を押してください。署名済みの申請は保存されています（二重に申請されることはありません）。</source>
        <translation>Your login expired. Log in again, then press Resend. The signed application is saved (it will never be applied for twice).</translation>
    </message>
    <message>
        <source>申請が届いたか確認できませんでした。通信を確認して「もう一度送信」を押してください。同じ申請を送り直すので、二重に申請されることはありません。</source>
        <translation>It could not be confirmed that the application arrived. Check the connection and press Resend. The same application is sent again, so it is never applied for twice.</translation>
    </message>
    <message>
        <source>このページに直す必要のある項目が{n}件あります。赤い文字の説明に従って直してください。</source>
        <translation>Entries on this page to correct: {n}. Follow the messages in red.</translation>
    </message>
    <message>
        <source>入力するたびに下書きを保存します：{where}</source>
        <translation>Your draft is saved as you type: {where}</translation>
    </message>
    <message>
        <source>下書きを保存しました（{at}）：{where}</source>
        <translation>Draft saved ({at}): {where}</translation>
    </message>
    <message>
        <source>入力できる空欄はありませんでした。</source>
        <translation>There were no empty fields to fill in.</translation>
    </message>
    <message>
        <source>カードに記録された氏名・住所・生年月日・個人番号を申請書に入力します。</source>
        <translation>Your name, address, date of birth and My Number from the card will be entered in the form.</translation>
    </message>
    <message>
        <source>申請書に電子署名をします。署名用電子証明書の暗証番号（英数字6〜16文字）を入力してください。</source>
        <translation>You are signing the application. Enter the signing certificate password (6–16 letters and digits).</translation>
    </message>
    <message>
        <source>申請を受け付けました。受付番号: {n}</source>
        <translation>Application received. Receipt number: {n}</translation>
    </message>
    <message>
        <source>{n}項目を入力しました。内容を確認し、違うところは直してください。</source>
        <translation>Fields filled in: {n}. Check them and correct anything that is wrong.</translation>
    </message>
    <message>
        <source>{form}（{municipality}）</source>
        <translation>{form} ({municipality})</translation>
    </message>
    <message>
        <source>{document}：{file}（{size}）</source>
        <translation>{document}: {file} ({size})</translation>
    </message>
    <message>
        <source>入力した内容は下書きに残っています。</source>
        <translation>What you entered is kept in the draft.</translation>
    </message>
    <message>
        <source>カードからの入力は使わずに、手で入力してください。</source>
        <translation>Enter the details by hand instead of from the card.</translation>
    </message>
    <message>
        <source>ゆうちょ銀行 記号 {kigou} 番号 {bangou} {kind} {holder}</source>
        <translation>Japan Post Bank (ゆうちょ銀行) symbol {kigou} number {bangou} {kind} {holder}</translation>
    </message>
  <message>
      <source>マイナンバーカードの「券面事項入力補助用暗証番号（数字4桁）」を入力すると、カードの氏名・住所・生年月日・個人番号を空欄に入力します。</source>
      <translation>Enter your My Number Card's PIN for the text data (券面事項入力補助用暗証番号, 4 digits) to fill the empty fields with the name, address, date of birth and My Number on the card.</translation>
    </message>
    <message>
      <source>このページの項目はすべて直りました。「次へ」で進めます。</source>
      <translation>Everything on this page is fixed. Press Next to go on.</translation>
    </message>
    <message>
      <source>わたしの情報によると、あなたはすでに児童手当を受けています。すでに受けている方が、お子さんの出生などで手当の額が変わるときは、この認定請求ではなく「児童手当 額改定認定請求」をしてください。このまま認定請求を続けることもできます。</source>
      <translation>According to My information, you already receive the child allowance (児童手当). If you already receive it and the amount changes, for example after a birth, file the amount revision claim (額改定認定請求) instead of this claim. You can still continue with this claim.</translation>
    </message>
  </context>
<context>
    <name>Services</name>
    <message>
        <source>入力内容を確認してください。</source>
        <translation>Please check this entry.</translation>
    </message>
</context>
<context>
    <name>ServicesScreen</name>
    <message>
        <source>子育てのサービスを探して申請する</source>
        <translation>Find child-raising services and apply</translation>
    </message>
    <message>
        <source>入力途中の申請（下書き）(&amp;D):</source>
        <translation>Unfinished applications (&amp;drafts):</translation>
    </message>
    <message>
        <source>入力途中の申請</source>
        <translation>Unfinished applications</translation>
    </message>
    <message>
        <source>続きから入力(&amp;R)</source>
        <translation>&amp;Resume</translation>
    </message>
    <message>
        <source>選んだ下書きの続きから入力する</source>
        <translation>Continue the selected draft</translation>
    </message>
    <message>
        <source>下書きを削除</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>選んだ下書きを削除する</source>
        <translation>Delete the selected draft</translation>
    </message>
    <message>
        <source>申請した手続(&amp;P):</source>
        <translation>Submitted a&amp;pplications:</translation>
    </message>
    <message>
        <source>申請した手続</source>
        <translation>Submitted applications</translation>
    </message>
    <message>
        <source>状況を見る</source>
        <translation>Show status</translation>
    </message>
    <message>
        <source>選んだ申請の状況を見る</source>
        <translation>Show the status of the selected application</translation>
    </message>
    <message>
        <source>送信の確認待ち</source>
        <translation>sending not yet confirmed</translation>
    </message>
    <message>
        <source>入力途中</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>この端末では、下書きはメモリにだけ保持し、ログアウトやカードを抜いたときに消去します。</source>
        <translation>On this terminal, drafts are kept in memory only and erased when you log out or remove your card.</translation>
    </message>
    <message>
        <source>保存したときと別の鍵で暗号化された下書き（開けません）</source>
        <translation>Draft encrypted with a different key (cannot be opened)</translation>
    </message>
    <message>
        <source>壊れた下書き（開けません）</source>
        <translation>Damaged draft (cannot be opened)</translation>
    </message>
    <message>
        <source>この下書きは開けません。削除して、もう一度入力してください。</source>
        <translation>This draft cannot be opened. Delete it and fill in the form again.</translation>
    </message>
    <message>
        <source>署名して送信した申請の確認待ちです。「続きから入力」で送信を確かめてください。</source>
        <translation>This signed application has not been confirmed yet. Use Resume to check that it was sent.</translation>
    </message>
    <message>
        <source>下書きの保存先: {where}</source>
        <translation>Where drafts are kept: {where}</translation>
    </message>
    <message>
        <source>下書きの保存先を開けませんでした。この間の下書きはメモリだけに保持します。</source>
        <translation>The drafts folder could not be opened. For now, drafts are kept in memory only.</translation>
    </message>
    <message>
        <source>下書きを開けませんでした。</source>
        <translation>The draft could not be opened.</translation>
    </message>
    <message>
        <source>この手続の入力途中の下書きがあるので、その続きを開きました。</source>
        <translation>You already have a draft for this procedure, so it was opened where you left off.</translation>
    </message>
    <message>
        <source>下書きを保存できませんでした。</source>
        <translation>The draft could not be saved.</translation>
    </message>
    <message>
        <source>{title}（{state}・{when}）</source>
        <translation>{title} ({state}, {when})</translation>
    </message>
    <message>
        <source>{form} — {receipt}（{status}）</source>
        <translation>{form} — {receipt} ({status})</translation>
    </message>
    <message>
        <source>入力途中の申請はありません</source>
        <translation>No applications in progress</translation>
    </message>
    <message>
        <source>申請した手続はありません</source>
        <translation>No submitted applications</translation>
    </message>
</context>
</TS>
