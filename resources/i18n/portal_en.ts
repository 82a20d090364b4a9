<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
  <context>
    <name>DeliveryDialog</name>
    <message>
      <source>連携しています…</source>
      <translation>Linking…</translation>
    </message>
    <message>
      <source>連携しました。</source>
      <translation>Linked.</translation>
    </message>
    <message>
      <source>連携を解除しました。今後お知らせは転送されません。</source>
      <translation>Unlinked. Notices will no longer be forwarded.</translation>
    </message>
    <message>
      <source>民間送達サービスとの連携</source>
      <translation>Private delivery service link</translation>
    </message>
    <message>
      <source>サービス(&amp;V)</source>
      <translation>Ser&amp;vice</translation>
    </message>
    <message>
      <source>民間送達サービス</source>
      <translation>Private delivery service</translation>
    </message>
    <message>
      <source>アカウント(&amp;A)</source>
      <translation>&amp;Account</translation>
    </message>
    <message>
      <source>民間送達サービスのアカウント</source>
      <translation>Account at the private delivery service</translation>
    </message>
    <message>
      <source>例: hanako@example.jp</source>
      <translation>e.g. hanako@example.jp</translation>
    </message>
    <message>
      <source>転送するお知らせ</source>
      <translation>Notices to forward</translation>
    </message>
    <message>
      <source>選んだ種類のお知らせの件名・本文・添付ファイルを、このサービスに転送することに同意します。</source>
      <translation>I agree that the title, text and attachments of the chosen kinds of notices are forwarded to this service.</translation>
    </message>
    <message>
      <source>転送への同意</source>
      <translation>Consent to forwarding</translation>
    </message>
    <message>
      <source>同意して連携する</source>
      <translation>Agree and link</translation>
    </message>
    <message>
      <source>同意して民間送達サービスと連携する</source>
      <translation>Agree and link the private delivery service</translation>
    </message>
    <message>
      <source>民間送達サービスとの連携を解除する</source>
      <translation>Unlink the private delivery service</translation>
    </message>
    <message>
      <source>転送したお知らせ(&amp;F)</source>
      <translation>&amp;Forwarded notices</translation>
    </message>
    <message>
      <source>転送したお知らせの一覧</source>
      <translation>List of forwarded notices</translation>
    </message>
    <message>
      <source>子育て</source>
      <translation>Child-rearing</translation>
    </message>
    <message>
      <source>税</source>
      <translation>Tax</translation>
    </message>
    <message>
      <source>保険</source>
      <translation>Insurance</translation>
    </message>
    <message>
      <source>年金</source>
      <translation>Pension</translation>
    </message>
    <message>
      <source>福祉</source>
      <translation>Welfare</translation>
    </message>
    <message>
      <source>申請</source>
      <translation>Applications</translation>
    </message>
    <message>
      <source>支払い</source>
      <translation>Payments</translation>
    </message>
    <message>
      <source>システム</source>
      <translation>System</translation>
    </message>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>すべて</source>
      <translation>All</translation>
    </message>
    <message>
      <source>民間送達サービスとは連携していません。</source>
      <translation>Not linked to a private delivery service.</translation>
    </message>
    <message>
      <source>転送の設定を変更する</source>
      <translation>Change forwarding</translation>
    </message>
    <message>
      <source>連携する</source>
      <translation>Link</translation>
    </message>
    <message>
      <source>もう一度押すと連携を解除します</source>
      <translation>Press again to unlink</translation>
    </message>
    <message>
      <source>連携を解除する</source>
      <translation>Unlink</translation>
    </message>
    <message>
      <source>転送するお知らせの種類を一つ以上選んでください。</source>
      <translation>Choose at least one kind of notice to forward.</translation>
    </message>
    <message>
      <source>転送日時</source>
      <translation>Forwarded at</translation>
    </message>
    <message>
      <source>お知らせ</source>
      <translation>Notices</translation>
    </message>
    <message>
      <source>転送先</source>
      <translation>Forwarded to</translation>
    </message>
    <message>
      <source>{service}（{account}）と連携しています。転送するお知らせ: {cats}</source>
      <translation>Linked to {service} ({account}). Notices forwarded: {cats}</translation>
    </message>
    <message>
      <source>{category}のお知らせを転送する</source>
      <translation>Forward {category} notices</translation>
    </message>
    <message>
      <source>アカウントは、サービスに登録したメールアドレスの形（例: hanako@example.jp）で入力してください。</source>
      <translation>Enter the account as the e-mail address you registered with the service (for example hanako@example.jp).</translation>
    </message>
  </context>
  <context>
    <name>Export</name>
    <message>
      <source>日時</source>
      <translation>Date and time</translation>
    </message>
    <message>
      <source>照会者</source>
      <translation>Requester</translation>
    </message>
    <message>
      <source>提供者</source>
      <translation>Provider</translation>
    </message>
    <message>
      <source>事務</source>
      <translation>Function</translation>
    </message>
    <message>
      <source>特定個人情報</source>
      <translation>Information</translation>
    </message>
    <message>
      <source>根拠法令</source>
      <translation>Law</translation>
    </message>
    <message>
      <source>別表第二 項</source>
      <translation>Appended Table 2 item</translation>
    </message>
    <message>
      <source>結果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>提供日時</source>
      <translation>Provided at</translation>
    </message>
    <message>
      <source>きっかけ</source>
      <translation>Triggered by</translation>
    </message>
    <message>
      <source>説明</source>
      <translation>Explanation</translation>
    </message>
    <message>
      <source>やりとり履歴（情報提供等記録）</source>
      <translation>Exchange history (records of information provision)</translation>
    </message>
    <message>
      <source>根拠</source>
      <translation>Legal basis</translation>
    </message>
    <message>
      <source>PDF には最初の {n} 件を載せています。すべての記録は CSV で書き出せます。</source>
      <translation>The PDF lists the first {n} records. Export CSV to get all of them.</translation>
    </message>
  </context>
  <context>
    <name>HistoryModel</name>
    <message>
      <source>日時</source>
      <translation>Date and time</translation>
    </message>
    <message>
      <source>照会者</source>
      <translation>Requester</translation>
    </message>
    <message>
      <source>提供者</source>
      <translation>Provider</translation>
    </message>
    <message>
      <source>事務</source>
      <translation>Function</translation>
    </message>
    <message>
      <source>特定個人情報</source>
      <translation>Information</translation>
    </message>
    <message>
      <source>根拠</source>
      <translation>Legal basis</translation>
    </message>
    <message>
      <source>結果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>{error} ここをダブルクリック（Enter）で再試行します。</source>
      <translation>{error} Double-click here (or press Enter) to try again.</translation>
    </message>
  </context>
  <context>
    <name>HistoryScreen</name>
    <message>
      <source>この申請のための情報連携は、まだありません。</source>
      <translation>There are no data exchanges for this application yet.</translation>
    </message>
    <message>
      <source>この申請は見つかりませんでした。</source>
      <translation>This application was not found.</translation>
    </message>
    <message>
      <source>申請（受付番号 {n}）のための情報連携だけを表示しています。</source>
      <translation>Showing only the data exchanges for application {n}.</translation>
    </message>
    <message>
      <source>選んだ申請のための情報連携だけを表示しています。</source>
      <translation>Showing only the data exchanges for the selected application.</translation>
    </message>
    <message>
      <source>すべてのやりとりを表示</source>
      <translation>Show all exchanges</translation>
    </message>
    <message>
      <source>申請での絞り込みをやめて、すべてのやりとりを表示する</source>
      <translation>Stop filtering by application and show every exchange</translation>
    </message>
    <message>
      <source>やりとり履歴を書き出す</source>
      <translation>Export the exchange history</translation>
    </message>
    <message>
      <source>書き出しています…</source>
      <translation>Exporting…</translation>
    </message>
    <message>
      <source>やりとり履歴</source>
      <translation>Exchange history</translation>
    </message>
    <message>
      <source>行政機関の間で、あなたの情報がいつ・どの機関から・どの機関へ・どの法律に基づいてやりとりされたかの記録です。行を選ぶと、わかりやすい説明が右に表示されます。</source>
      <translation>Records of when your information was exchanged between agencies, from whom to whom, and under which law. Select a row for a plain explanation on the right.</translation>
    </message>
    <message>
      <source>検索(&amp;S)</source>
      <translation>&amp;Search</translation>
    </message>
    <message>
      <source>機関名・情報・事務で検索</source>
      <translation>Search agency, information or function</translation>
    </message>
    <message>
      <source>やりとり履歴を検索</source>
      <translation>Search the exchange history</translation>
    </message>
    <message>
      <source>期間(&amp;P)</source>
      <translation>&amp;Period</translation>
    </message>
    <message>
      <source>期間</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>機関(&amp;A)</source>
      <translation>&amp;Agency</translation>
    </message>
    <message>
      <source>照会者または提供者の機関</source>
      <translation>Requesting or providing agency</translation>
    </message>
    <message>
      <source>情報(&amp;I)</source>
      <translation>&amp;Information</translation>
    </message>
    <message>
      <source>特定個人情報の種類</source>
      <translation>Kind of specific personal information</translation>
    </message>
    <message>
      <source>結果(&amp;R)</source>
      <translation>O&amp;utcome</translation>
    </message>
    <message>
      <source>結果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>並び順(&amp;O)</source>
      <translation>&amp;Order</translation>
    </message>
    <message>
      <source>並び順</source>
      <translation>Order</translation>
    </message>
    <message>
      <source>再試行</source>
      <translation>Retry</translation>
    </message>
    <message>
      <source>続きの読み込みを再試行</source>
      <translation>Retry loading more</translation>
    </message>
    <message>
      <source>CSV で書き出す</source>
      <translation>Export CSV</translation>
    </message>
    <message>
      <source>絞り込んだやりとり履歴を CSV ファイルに書き出す</source>
      <translation>Export the filtered exchange history to a CSV file</translation>
    </message>
    <message>
      <source>PDF で書き出す</source>
      <translation>Export PDF</translation>
    </message>
    <message>
      <source>絞り込んだやりとり履歴を PDF ファイルに書き出す</source>
      <translation>Export the filtered exchange history to a PDF file</translation>
    </message>
    <message>
      <source>やりとり履歴の一覧</source>
      <translation>Exchange history list</translation>
    </message>
    <message>
      <source>選んだやりとりの説明</source>
      <translation>Explanation of the selected exchange</translation>
    </message>
    <message>
      <source>すべて</source>
      <translation>All</translation>
    </message>
    <message>
      <source>過去1か月</source>
      <translation>Last month</translation>
    </message>
    <message>
      <source>過去3か月</source>
      <translation>Last 3 months</translation>
    </message>
    <message>
      <source>過去1年</source>
      <translation>Last year</translation>
    </message>
    <message>
      <source>過去3年</source>
      <translation>Last 3 years</translation>
    </message>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>ログインすると表示されます。</source>
      <translation>Shown after you log in.</translation>
    </message>
    <message>
      <source>条件に合うやりとりはありません。</source>
      <translation>No exchanges match these filters.</translation>
    </message>
    <message>
      <source>ファイルに書き込めませんでした。</source>
      <translation>The file could not be written.</translation>
    </message>
    <message>
      <source>{n} 件を書き出しました: {path}</source>
      <translation>Exported {n} record(s): {path}</translation>
    </message>
    <message>
      <source>新しい順</source>
      <translation>Newest first</translation>
    </message>
    <message>
      <source>古い順</source>
      <translation>Oldest first</translation>
    </message>
    <message>
      <source>{n} 件（{at} 現在）</source>
      <translation>Records: {n} (as of {at})</translation>
    </message>
    <message>
      <source>{total} 件中 {loaded} 件を表示（下へスクロールすると続きを読み込みます）</source>
      <translation>Showing {loaded} of {total} (scroll down to load more)</translation>
    </message>
    <message>
      <source>{total} 件すべてを表示</source>
      <translation>Showing all {total}</translation>
    </message>
  </context>
  <context>
    <name>HistoryText</name>
    <message>
      <source>根拠規定なし</source>
      <translation>No legal basis</translation>
    </message>
    <message>
      <source>根拠なし（別表第二 {item}項にこの照会の定めはない）</source>
      <translation>None (item {item} of Appended Table 2 does not provide for this query)</translation>
    </message>
    <message>
      <source>根拠なし（別表第二にこの照会を認める項はない）</source>
      <translation>None (no item of Appended Table 2 allows this query)</translation>
    </message>
    <message>
      <source>なぜ提供されなかったのか</source>
      <translation>Why nothing was provided</translation>
    </message>
    <message>
      <source>記録なし</source>
      <translation>Not recorded</translation>
    </message>
    <message>
      <source>この組み合わせは番号法の別表第二に定められていないため、情報は提供されませんでした。</source>
      <translation>Appended Table 2 of the My Number Act does not provide for this combination, so no information was provided.</translation>
    </message>
    <message>
      <source>提供元に該当する情報がなかったため、何も提供されませんでした。</source>
      <translation>The provider held no such information, so nothing was provided.</translation>
    </message>
    <message>
      <source>提供済み</source>
      <translation>Provided</translation>
    </message>
    <message>
      <source>該当する情報なし</source>
      <translation>Not held</translation>
    </message>
    <message>
      <source>提供されず（根拠なし）</source>
      <translation>Not provided (no legal basis)</translation>
    </message>
    <message>
      <source>あなたの申請の審査</source>
      <translation>Review of your application</translation>
    </message>
    <message>
      <source>定期的な確認（例: 現況の確認）</source>
      <translation>Periodic check (e.g. annual status review)</translation>
    </message>
    <message>
      <source>あなたが「わたしの情報」で表示したこと</source>
      <translation>You viewed it in "My information"</translation>
    </message>
    <message>
      <source>{requester}が、{provider}に「{information}」の提供を求めました。</source>
      <translation>{requester} asked {provider} for "{information}".</translation>
    </message>
    <message>
      <source>番号法第19条第7号と別表第二 {item}項により、「{function}」のために、この機関同士がこの情報をやりとりすることが認められています。</source>
      <translation>Article 19(vii) of the My Number Act and item {item} of Appended Table 2 allow these agencies to exchange this information for "{function}".</translation>
    </message>
    <message>
      <source>あなた自身がマイナポータルで自分の情報を表示した記録です。機関同士の照会ではないため、別表第二の項はありません（番号法附則第6条第6項第1号: 情報提供等記録開示システムによる自己情報の開示）。</source>
      <translation>This records that you displayed your own information in Mynaportal. It is not a query between agencies, so no item of Appended Table 2 applies (My Number Act, Supplementary Provisions Article 6(6)(i): disclosure of your own information through the disclosure system (情報提供等記録開示システム)).</translation>
    </message>
    <message>
      <source>「{function}」のための照会です。</source>
      <translation>A query for "{function}".</translation>
    </message>
    <message>
      <source>日時</source>
      <translation>Date and time</translation>
    </message>
    <message>
      <source>照会者（情報を求めた機関）</source>
      <translation>Requester (agency that asked)</translation>
    </message>
    <message>
      <source>提供者（情報を持つ機関）</source>
      <translation>Provider (agency holding the information)</translation>
    </message>
    <message>
      <source>事務</source>
      <translation>Function</translation>
    </message>
    <message>
      <source>特定個人情報</source>
      <translation>Information</translation>
    </message>
    <message>
      <source>根拠</source>
      <translation>Legal basis</translation>
    </message>
    <message>
      <source>結果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>きっかけ</source>
      <translation>Triggered by</translation>
    </message>
    <message>
      <source>番号法第19条第7号・別表第二 {item}項</source>
      <translation>My Number Act Article 19(vii), Appended Table 2 item {item}</translation>
    </message>
    <message>
      <source>自己情報表示（番号法附則第6条第6項第1号）</source>
      <translation>Display of your own information (My Number Act, Supplementary Provisions Article 6(6)(i))</translation>
    </message>
    <message>
      <source>条項と項の番号は、平成27年（2015年）時点の番号法（平成二十五年法律第二十七号）・別表第二による</source>
      <translation>Article and item numbers follow the My Number Act (Act No. 27 of 2013) and its Appended Table 2 as they stood in 2015</translation>
    </message>
    <message>
      <source>（事務の記載なし）</source>
      <translation>(function not recorded)</translation>
    </message>
    <message>
      <source>{at} に提供されました。</source>
      <translation>Provided on {at}.</translation>
    </message>
    <message>
      <source>このやりとりについて</source>
      <translation>About this exchange</translation>
    </message>
    <message>
      <source>なぜ認められるのか</source>
      <translation>Why it is allowed</translation>
    </message>
    <message>
      <source>記録の説明</source>
      <translation>Record note</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>お知らせ</source>
      <translation>Notices</translation>
    </message>
    <message>
      <source>あなたの情報</source>
      <translation>Your information</translation>
    </message>
    <message>
      <source>お知らせを開く</source>
      <translation>Open notices</translation>
    </message>
    <message>
      <source>お知らせの画面を開く</source>
      <translation>Open the Notices screen</translation>
    </message>
    <message>
      <source>やりとり履歴を見る</source>
      <translation>View exchange history</translation>
    </message>
    <message>
      <source>やりとり履歴の画面を開く</source>
      <translation>Open the exchange history screen</translation>
    </message>
    <message>
      <source>わたしの情報を見る</source>
      <translation>View my information</translation>
    </message>
    <message>
      <source>わたしの情報の画面を開く</source>
      <translation>Open the My information screen</translation>
    </message>
    <message>
      <source>マイナポータル</source>
      <translation>Mynaportal</translation>
    </message>
    <message>
      <source>期限が近い手続きはありません。</source>
      <translation>No deadlines coming up.</translation>
    </message>
    <message>
      <source>支払いが必要なお知らせはありません。</source>
      <translation>No charges to pay.</translation>
    </message>
    <message>
      <source>未読のお知らせ: {n} 件</source>
      <translation>Unread notices: {n}</translation>
    </message>
    <message>
      <source>やりとり履歴を読み込んでいます…</source>
      <translation>Loading the exchange history…</translation>
    </message>
    <message>
      <source>{name} さん、こんにちは</source>
      <translation>Hello, {name}</translation>
    </message>
    <message>
      <source>期限が近い手続き:</source>
      <translation>Deadlines coming up:</translation>
    </message>
    <message>
      <source>支払いが必要なお知らせ: {n} 件（合計 {amount} 円）</source>
      <translation>Notices with a charge to pay: {n} (total ¥{amount})</translation>
    </message>
    <message>
      <source>あなたの情報のやりとりの記録: {n} 件</source>
      <translation>Records of exchanges of your information: {n}</translation>
    </message>
    <message>
      <source>・{title}（{deadline}）</source>
      <translation>• {title} ({deadline})</translation>
    </message>
    <message>
      <source>申請の状況を読み込んでいます…</source>
      <translation>Loading the status of your applications…</translation>
    </message>
    <message>
      <source>申請した手続はありません。</source>
      <translation>You have not submitted any applications.</translation>
    </message>
    <message>
      <source>申請した手続: {n} 件（新しい順に {shown} 件）</source>
      <translation>Submitted applications: {n} (the latest {shown} shown)</translation>
    </message>
    <message>
      <source>申請した手続の状況:</source>
      <translation>Your applications:</translation>
    </message>
    <message>
      <source>{form}: {status}</source>
      <translation>{form}: {status}</translation>
    </message>
    <message>
      <source>{form}（受付番号 {receipt}）: {status}。状況を見る</source>
      <translation>{form} (receipt number {receipt}): {status}. See its status</translation>
    </message>
    <message>
      <source>受付番号 {receipt}</source>
      <translation>Receipt number {receipt}</translation>
    </message>
    <message>
      <source>申請</source>
      <translation>Applications</translation>
    </message>
    <message>
      <source>サービス検索・申請を開く</source>
      <translation>Find services and apply</translation>
    </message>
    <message>
      <source>サービス検索・申請の画面を開く</source>
      <translation>Open the Find services and apply screen</translation>
    </message>
    <message>
      <source>ログインすると、お知らせ・期限のある手続き・申請の状況がここに表示されます。「ログイン」の画面でマイナンバーカードを置いてください。</source>
      <translation>After you log in, your notices, procedures with deadlines and the status of your applications are shown here. Place your My Number Card on the Log in screen.</translation>
    </message>
    <message>
      <source>期限を過ぎた手続き・期限が近い手続き:</source>
      <translation>Procedures past their deadline or due soon:</translation>
    </message>
    <message>
      <source>お知らせを読み込んでいます…</source>
      <translation>Loading your notices…</translation>
    </message>
  </context>
  <context>
    <name>MonthlyChart</name>
    <message>
      <source>月別のやりとり件数（照会した機関別）</source>
      <translation>Exchanges per month (by requesting agency)</translation>
    </message>
    <message>
      <source>表示するやりとりはまだありません。</source>
      <translation>No exchanges to show yet.</translation>
    </message>
    <message>
      <source>{y}年{m}月</source>
      <translation>{y}-{m:0&gt;2}</translation>
    </message>
    <message>
      <source>その他の機関</source>
      <translation>Other agencies</translation>
    </message>
    <message>
      <source>{agency} {n} 件</source>
      <translation>{agency}: {n}</translation>
    </message>
    <message>
      <source>{month}: {n} 件</source>
      <translation>{month}: {n} exchanges</translation>
    </message>
    <message>
      <source>月別の件数を読み込み中…</source>
      <translation>Loading the monthly counts…</translation>
    </message>
    <message>
      <source>{first}から{last}までの {n} か月、合計 {total} 件。件数のある月: {months}</source>
      <translation>{n} months from {first} to {last}, {total} exchanges in all. Months with exchanges: {months}</translation>
    </message>
    <message>
      <source>月別のやりとり件数（{first}〜{last}、合計 {total} 件）</source>
      <translation>Exchanges per month ({first} to {last}, {total} in all)</translation>
    </message>
    <message>
      <source>月別のやりとり件数</source>
      <translation>Exchanges per month</translation>
    </message>
    <message>
      <source>{agency}の色</source>
      <translation>Colour of {agency}</translation>
    </message>
    <message>
      <source>月</source>
      <translation>Month</translation>
    </message>
    <message>
      <source>合計</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>月別のやりとり件数のグラフ。左右の矢印キーで月を選ぶと件数を読み上げます。</source>
      <translation>Chart of exchanges per month. Choose a month with the left and right arrow keys to hear its counts.</translation>
    </message>
    <message>
      <source>月別のやりとり件数の表</source>
      <translation>Table of exchanges per month</translation>
    </message>
    <message>
      <source>色は照会した機関を表します:</source>
      <translation>Colour shows the requesting agency:</translation>
    </message>
    <message>
      <source>グラフで見る</source>
      <translation>Show as chart</translation>
    </message>
    <message>
      <source>表で見る</source>
      <translation>Show as table</translation>
    </message>
    <message>
      <source>月別の件数をグラフと表で切り替える</source>
      <translation>Switch the monthly counts between chart and table</translation>
    </message>
  </context>
  <context>
    <name>NoticeModel</name>
    <message>
      <source>期限 {date}</source>
      <translation>Due {date}</translation>
    </message>
    <message>
      <source>期限 {date}（過ぎています）</source>
      <translation>Due {date} (overdue)</translation>
    </message>
    <message>
      <source>期限 {date}（あと {days} 日）</source>
      <translation>Due {date} (days left: {days})</translation>
    </message>
    <message>
      <source>未読</source>
      <translation>Unread</translation>
    </message>
    <message>
      <source>・</source>
      <translation> · </translation>
    </message>
  </context>
  <context>
    <name>NoticePush</name>
    <message>
      <source>新しいお知らせ</source>
      <translation>New notice</translation>
    </message>
    <message>
      <source>マイナデスク</source>
      <translation>MynaDesk</translation>
    </message>
    <message>
      <source>新しいお知らせが {n} 件あります</source>
      <translation>New notices: {n}</translation>
    </message>
    <message>
      <source>開く</source>
      <translation>Open</translation>
    </message>
  </context>
  <context>
    <name>NoticesScreen</name>
    <message>
      <source>未読はありません</source>
      <translation>No unread notices</translation>
    </message>
    <message>
      <source>ログインすると、届いたお知らせがここに表示されます。「ログイン」の画面でマイナンバーカードを置いてください。</source>
      <translation>After you log in, the notices you have received are shown here. Place your My Number Card on the Log in screen.</translation>
    </message>
    <message>
      <source>添付ファイルを保存</source>
      <translation>Save attachment</translation>
    </message>
    <message>
      <source>お知らせ</source>
      <translation>Notices</translation>
    </message>
    <message>
      <source>お知らせの一覧（新しい順）</source>
      <translation>Notices (newest first)</translation>
    </message>
    <message>
      <source>お知らせの本文</source>
      <translation>Notice text</translation>
    </message>
    <message>
      <source>添付ファイル(&amp;T)</source>
      <translation>A&amp;ttachments</translation>
    </message>
    <message>
      <source>添付ファイル</source>
      <translation>Attachments</translation>
    </message>
    <message>
      <source>開く</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>選んだ添付ファイルを開く</source>
      <translation>Open the selected attachment</translation>
    </message>
    <message>
      <source>保存…</source>
      <translation>Save…</translation>
    </message>
    <message>
      <source>選んだ添付ファイルを保存する</source>
      <translation>Save the selected attachment</translation>
    </message>
    <message>
      <source>このお知らせの請求を支払う</source>
      <translation>Pay the charge in this notice</translation>
    </message>
    <message>
      <source>申請を開く</source>
      <translation>Open application</translation>
    </message>
    <message>
      <source>このお知らせに関係する申請を開く</source>
      <translation>Open the application this notice belongs to</translation>
    </message>
    <message>
      <source>民間送達サービス…</source>
      <translation>Private delivery…</translation>
    </message>
    <message>
      <source>民間送達サービスとの連携を設定する</source>
      <translation>Set up the private delivery service link</translation>
    </message>
    <message>
      <source>更新</source>
      <translation>Reload</translation>
    </message>
    <message>
      <source>お知らせを読み込み直す</source>
      <translation>Reload notices</translation>
    </message>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>サーバーに接続できないため、新しいお知らせを確認できません。自動で再確認します。</source>
      <translation>Cannot reach the server, so new notices cannot be checked. Checking again automatically.</translation>
    </message>
    <message>
      <source>お知らせを選んでください。</source>
      <translation>Choose a notice.</translation>
    </message>
    <message>
      <source>支払う</source>
      <translation>Pay</translation>
    </message>
    <message>
      <source>支払い状況を見る</source>
      <translation>Payment status</translation>
    </message>
    <message>
      <source>未読 {n} 件</source>
      <translation>{n} unread</translation>
    </message>
    <message>
      <source>サーバーに接続できないため</source>
      <translation>Cannot reach the server</translation>
    </message>
    <message>
      <source>差出人: {sender}　届いた日: {at}</source>
      <translation>From: {sender}   Received: {at}</translation>
    </message>
    <message>
      <source>ファイルに保存できませんでした。</source>
      <translation>The file could not be saved.</translation>
    </message>
    <message>
      <source>保存しました: {path}</source>
      <translation>Saved: {path}</translation>
    </message>
    <message>
      <source>お知らせはありません。</source>
      <translation>No notices.</translation>
    </message>
    <message>
      <source>新しいお知らせが {n} 件届きました。</source>
      <translation>New notices arrived: {n}.</translation>
    </message>
    <message>
      <source>請求額 {amount}・{status}</source>
      <translation>Charge {amount} · {status}</translation>
    </message>
    <message>
      <source>このパソコンには「{name}」を開くアプリが見つかりませんでした。「保存…」でファイルに保存してから、お使いのアプリで開いてください。</source>
      <translation>No application on this computer opens “{name}”. Save it with “Save…” and open it in an application you use.</translation>
    </message>
  </context>
  <context>
    <name>PaymentDialog</name>
    <message>
      <source>未払い</source>
      <translation>Unpaid</translation>
    </message>
    <message>
      <source>処理中</source>
      <translation>Processing</translation>
    </message>
    <message>
      <source>支払い済み</source>
      <translation>Paid</translation>
    </message>
    <message>
      <source>支払いできませんでした（未払い）</source>
      <translation>Payment failed (unpaid)</translation>
    </message>
    <message>
      <source>{amount} 円</source>
      <translation>¥{amount}</translation>
    </message>
    <message>
      <source>決済しています…</source>
      <translation>Processing the payment…</translation>
    </message>
    <message>
      <source>公金の支払い</source>
      <translation>Public payment</translation>
    </message>
    <message>
      <source>ペイジーで支払う</source>
      <translation>Pay with Pay-easy</translation>
    </message>
    <message>
      <source>クレジットカードで支払う</source>
      <translation>Pay by credit card</translation>
    </message>
    <message>
      <source>カード番号(&amp;N)</source>
      <translation>Card &amp;number</translation>
    </message>
    <message>
      <source>カード番号</source>
      <translation>Card number</translation>
    </message>
    <message>
      <source>有効期限 MM/YY(&amp;E)</source>
      <translation>&amp;Expiry MM/YY</translation>
    </message>
    <message>
      <source>有効期限（月/年）</source>
      <translation>Expiry (month/year)</translation>
    </message>
    <message>
      <source>セキュリティコード(&amp;C)</source>
      <translation>Security &amp;code</translation>
    </message>
    <message>
      <source>セキュリティコード</source>
      <translation>Security code</translation>
    </message>
    <message>
      <source>カードで支払う</source>
      <translation>Pay by card</translation>
    </message>
    <message>
      <source>入力したカードで支払う</source>
      <translation>Pay with the card entered</translation>
    </message>
    <message>
      <source>カード入力の問題</source>
      <translation>Problems with the card details</translation>
    </message>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>お支払いが完了しました。</source>
      <translation>Payment complete.</translation>
    </message>
    <message>
      <source>金額: {amount}</source>
      <translation>Amount: {amount}</translation>
    </message>
    <message>
      <source>状態: {status}</source>
      <translation>Status: {status}</translation>
    </message>
    <message>
      <source>決済を確認しています。完了すると、ここに領収番号が表示されます。</source>
      <translation>The payment is being confirmed. The receipt number will appear here when it is complete.</translation>
    </message>
    <message>
      <source>収納機関番号: {a}
お客様番号: {b}
確認番号: {c}
銀行の ATM やインターネットバンキングの「ペイジー」でお支払いください。</source>
      <translation>Collecting agency no.: {a}
Customer no.: {b}
Confirmation no.: {c}
Pay with "Pay-easy" at a bank ATM or in online banking.</translation>
    </message>
    <message>
      <source>決済の結果を確認できませんでした。支払い状況を確認しています…</source>
      <translation>The payment result could not be confirmed. Checking the payment status…</translation>
    </message>
    <message>
      <source>領収番号: {no}</source>
      <translation>Receipt no.: {no}</translation>
    </message>
    <message>
      <source>支払日時: {at}</source>
      <translation>Paid at: {at}</translation>
    </message>
    <message>
      <source>カード: 下4桁 {last4}</source>
      <translation>Card: ending in {last4}</translation>
    </message>
    <message>
      <source>決済の結果を確認できませんでした。現在の状態: {status}</source>
      <translation>The payment result could not be confirmed. Current status: {status}</translation>
    </message>
    <message>
      <source>{amount} を、カード（下4桁 {last4}）で支払います。よろしいですか。</source>
      <translation>Pay {amount} with the card ending in {last4}?</translation>
    </message>
    <message>
      <source>支払い内容の確認</source>
      <translation>Confirm the payment</translation>
    </message>
    <message>
      <source>支払いを確定する</source>
      <translation>Confirm and pay</translation>
    </message>
    <message>
      <source>表示した金額をこのカードで支払う</source>
      <translation>Pay the amount shown with this card</translation>
    </message>
    <message>
      <source>戻る</source>
      <translation>Back</translation>
    </message>
    <message>
      <source>支払わずにカードの入力に戻る</source>
      <translation>Go back to the card details without paying</translation>
    </message>
  </context>
  <context>
    <name>SelfInfoModel</name>
    <message>
      <source>{name}（{provider}）</source>
      <translation>{name} ({provider})</translation>
    </message>
    <message>
      <source>項目</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Value</translation>
    </message>
  </context>
  <context>
    <name>SelfInfoScreen</name>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>わたしの情報を PDF に書き出す</source>
      <translation>Export My information to PDF</translation>
    </message>
    <message>
      <source>わたしの情報</source>
      <translation>My information</translation>
    </message>
    <message>
      <source>行政機関があなたについて持っている情報を、分野ごとに確認できます。分野を開くと、その機関に情報提供ネットワークを通じて問い合わせます（その記録はやりとり履歴に残ります）。</source>
      <translation>See the information agencies hold about you, by category. Opening a category asks that agency through the information provision network (the request is recorded in your exchange history).</translation>
    </message>
    <message>
      <source>情報の分野</source>
      <translation>Categories of information</translation>
    </message>
    <message>
      <source>選んだ分野の情報</source>
      <translation>Information in the selected category</translation>
    </message>
    <message>
      <source>印刷…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <source>表示中の情報を印刷する</source>
      <translation>Print the information shown</translation>
    </message>
    <message>
      <source>PDF で書き出す</source>
      <translation>Export PDF</translation>
    </message>
    <message>
      <source>表示中の情報を PDF ファイルに書き出す</source>
      <translation>Export the information shown to a PDF file</translation>
    </message>
    <message>
      <source>やりとり履歴で見る</source>
      <translation>Show in exchange history</translation>
    </message>
    <message>
      <source>この取得の記録をやりとり履歴で見る</source>
      <translation>See the record of this retrieval in the exchange history</translation>
    </message>
    <message>
      <source>左の一覧から分野を選んでください。</source>
      <translation>Choose a category from the list on the left.</translation>
    </message>
    <message>
      <source>この情報は {at} に、{provider}から情報提供ネットワークを通じて取得しました。この取得もやりとり履歴に記録されています。</source>
      <translation>Retrieved from {provider} through the information provision network on {at}. This retrieval is recorded in your exchange history too.</translation>
    </message>
    <message>
      <source>{provider}に問い合わせています…</source>
      <translation>Asking {provider}…</translation>
    </message>
    <message>
      <source>ファイルに書き込めませんでした。</source>
      <translation>The file could not be written.</translation>
    </message>
    <message>
      <source>PDF に書き出しました: {path}</source>
      <translation>Exported to PDF: {path}</translation>
    </message>
    <message>
      <source>{provider}が持っているこの分野の情報はありません。</source>
      <translation>{provider} holds no information in this category.</translation>
    </message>
    <message>
      <source>印刷しました。プリンターからお受け取りください。</source>
      <translation>Printed. Please take the pages from the printer.</translation>
    </message>
  </context>
  <context>
    <name>ServerNames</name>
    <message>
      <source>{name} (Japanese only)</source>
      <translation>{name} (Japanese only)</translation>
    </message>
  </context>
</TS>
