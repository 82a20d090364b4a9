<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
  <context>
    <name>ActingSwitcher</name>
    <message>
      <source>自分（{name} さん）</source>
      <translation>Myself ({name})</translation>
    </message>
    <message>
      <source>{name} さん（代理）</source>
      <translation>{name} (as proxy)</translation>
    </message>
    <message>
      <source>だれとして使う</source>
      <translation>Use as</translation>
    </message>
    <message>
      <source>自分として使うか、代理人として本人に代わって使うかを選びます。</source>
      <translation>Choose whether you use the portal as yourself, or as a proxy for someone you represent.</translation>
    </message>
  </context>
  <context>
    <name>ProxiesModel</name>
    <message>
      <source>法定代理人（親権者）</source>
      <translation>Legal representative (parent)</translation>
    </message>
    <message>
      <source>任意代理人</source>
      <translation>Proxy you chose</translation>
    </message>
    <message>
      <source>有効</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>期限切れ</source>
      <translation>Expired</translation>
    </message>
    <message>
      <source>解除済み</source>
      <translation>Revoked</translation>
    </message>
    <message>
      <source>市区町村により停止</source>
      <translation>Stopped by the municipality</translation>
    </message>
    <message>
      <source>氏名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>種類</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>登録日時</source>
      <translation>Registered</translation>
    </message>
    <message>
      <source>期限</source>
      <translation>Until</translation>
    </message>
    <message>
      <source>状態</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>日時</source>
      <translation>Date and time</translation>
    </message>
    <message>
      <source>代理人</source>
      <translation>Proxy</translation>
    </message>
    <message>
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>やりとり履歴の閲覧</source>
      <translation>Viewed the exchange history</translation>
    </message>
    <message>
      <source>わたしの情報の閲覧</source>
      <translation>Viewed My information</translation>
    </message>
    <message>
      <source>お知らせの受信</source>
      <translation>Received notices</translation>
    </message>
    <message>
      <source>お知らせの閲覧</source>
      <translation>Viewed notices</translation>
    </message>
    <message>
      <source>申請の提出</source>
      <translation>Filed an application</translation>
    </message>
    <message>
      <source>申請状況の閲覧</source>
      <translation>Viewed application status</translation>
    </message>
  </context>
  <context>
    <name>ProxiesScreen</name>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>市区町村の措置により、あなたの代理人の登録は停止されています。</source>
      <translation>Your municipality has stopped proxies for you.</translation>
    </message>
    <message>
      <source>{name} さんを代理人から解除しますか？</source>
      <translation>End {name}'s grant as your proxy?</translation>
    </message>
    <message>
      <source>解除するとすぐに、{name} さんはあなたの代わりに操作できなくなります。</source>
      <translation>Once ended, {name} can no longer act for you, at once.</translation>
    </message>
    <message>
      <source>{name} さんの代理人をやめますか？</source>
      <translation>Stop acting for {name}?</translation>
    </message>
    <message>
      <source>やめるとすぐに、{name} さんの代わりに操作できなくなります。</source>
      <translation>Once stopped, you can no longer act for {name}, at once.</translation>
    </message>
    <message>
      <source>代理人の解除</source>
      <translation>End a proxy grant</translation>
    </message>
    <message>
      <source>解除する</source>
      <translation>End it</translation>
    </message>
    <message>
      <source>やめる</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>解除しました。</source>
      <translation>The grant has ended.</translation>
    </message>
    <message>
      <source>わたしの代理人</source>
      <translation>My proxies</translation>
    </message>
    <message>
      <source>あなたの代わりにマイナポータルを使える人（代理人）と、あなたが代理人になっている人です。代理人の解除は、代理人の確認なしに、あなただけの判断でいつでもできます。代理人が操作すると、その記録が下の操作記録に残り、お知らせが届きます。</source>
      <translation>Who may use the portal for you (your proxies), and whom you act for. You can end a proxy at any time on your own, without the proxy's consent. Whatever a proxy does for you is kept in the record below, and you get a notice.</translation>
    </message>
    <message>
      <source>あなたの代理人</source>
      <translation>Your proxies</translation>
    </message>
    <message>
      <source>代理人を解除する</source>
      <translation>End proxy</translation>
    </message>
    <message>
      <source>選んだ代理人を解除する</source>
      <translation>End the selected proxy</translation>
    </message>
    <message>
      <source>あなたが代理人になっている人</source>
      <translation>People you act for</translation>
    </message>
    <message>
      <source>代理人をやめる</source>
      <translation>Stop acting</translation>
    </message>
    <message>
      <source>選んだ人の代理人をやめる</source>
      <translation>Stop acting for the selected person</translation>
    </message>
    <message>
      <source>代理人の操作記録</source>
      <translation>What proxies did for you</translation>
    </message>
    <message>
      <source>お子さんの代理人（法定代理人）になるには、あなたのカードとお子さんのマイナンバーカードの2枚を使って登録します。</source>
      <translation>To become your child's proxy (legal representative), register with two cards: yours and your child's My Number Card.</translation>
    </message>
    <message>
      <source>代理人として登録する</source>
      <translation>Register as proxy</translation>
    </message>
    <message>
      <source>お子さんの代理人として登録する</source>
      <translation>Register as your child's proxy</translation>
    </message>
  </context>
  <context>
    <name>ProxyRegistration</name>
    <message>
      <source>本人（お子さん）のカードの、利用者証明用電子証明書の暗証番号（数字4桁）を入力してください。15歳未満のお子さんのカードでは、カードの交付のときに法定代理人が設定した暗証番号です。</source>
      <translation>Enter the PIN (4 digits) of the user certificate on the child's card. On the card of a child under 15, it is the PIN the legal representative set when the card was issued.</translation>
    </message>
    <message>
      <source>カード: {name} さん</source>
      <translation>Card: {name}</translation>
    </message>
    <message>
      <source>登録しています…</source>
      <translation>Registering…</translation>
    </message>
    <message>
      <source>暗証番号の入力をやめました。登録はしていません。</source>
      <translation>You stopped entering the PIN. Nothing was registered.</translation>
    </message>
    <message>
      <source>このカードの利用者証明用の暗証番号はロックされています。</source>
      <translation>The user certificate PIN of this card is locked. </translation>
    </message>
    <message>
      <source>本人のカードを確認できませんでした。</source>
      <translation>The child's card could not be verified. </translation>
    </message>
    <message>
      <source>{name} さんの代理人になりました。画面上部の「だれとして使う」で {name} さんを選ぶと、代わりに使えます。カードはリーダーから取り出してください。</source>
      <translation>You are now {name}'s proxy. Choose {name} under &quot;Use as&quot; at the top to use the portal for them. Take the card out of the reader.</translation>
    </message>
    <message>
      <source>本人のカードを待っています。</source>
      <translation>Waiting for the child's card.</translation>
    </message>
    <message>
      <source>本人のカードを読み取りました（{name} さん）。「登録する」を押してください。</source>
      <translation>The child's card was read ({name}). Press &quot;Register&quot;.</translation>
    </message>
    <message>
      <source>本人のカードを読み取りました。「登録する」を押してください。</source>
      <translation>The child's card was read. Press &quot;Register&quot;.</translation>
    </message>
    <message>
      <source>代理人の登録</source>
      <translation>Proxy registration</translation>
    </message>
    <message>
      <source>お子さんの代理人（法定代理人）として登録する</source>
      <translation>Register as your child's proxy (legal representative)</translation>
    </message>
    <message>
      <source>登録には、あなたのカードと本人（お子さん）のマイナンバーカードの2枚を使います。
1. あなたのカードはそのまま置いておき、本人のマイナンバーカードを別のカードリーダーに置きます。
2. 「登録する」を押し、本人のカードの利用者証明用の暗証番号（数字4桁）を入力します。
3. 同じ世帯の親子であること（住民基本台帳）と、本人が18歳未満であることが確認されると、登録されます。</source>
      <translation>Registration uses two cards: yours and your child's My Number Card.
1. Leave your card where it is and put the child's My Number Card on another card reader.
2. Press &quot;Register&quot; and enter the user certificate PIN (4 digits) of the child's card.
3. Once the resident register shows you as parent and child in the same household and the child is under 18, you are registered.</translation>
    </message>
    <message>
      <source>デモ用のカード(&amp;C):</source>
      <translation>Demo &amp;card:</translation>
    </message>
    <message>
      <source>本人のデモ用カード</source>
      <translation>The child's demo card</translation>
    </message>
    <message>
      <source>2台目のリーダーに置く</source>
      <translation>Put on the second reader</translation>
    </message>
    <message>
      <source>選んだデモ用カードを2台目の仮想カードリーダーに置く</source>
      <translation>Put the chosen demo card on the second virtual card reader</translation>
    </message>
    <message>
      <source>登録する</source>
      <translation>Register</translation>
    </message>
    <message>
      <source>本人の暗証番号を入力して代理人を登録する</source>
      <translation>Enter the child's PIN and register as proxy</translation>
    </message>
    <message>
      <source>やめる</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>閉じる</source>
      <translation>Close</translation>
    </message>
      <message>
        <source>15歳未満で交付されたカードには署名用電子証明書がないため、コンビニ等では再設定できません。</source>
        <translation>A card issued before the age of 15 has no signing certificate, so its PIN cannot be reset at a convenience store. </translation>
    </message>
    <message>
      <source>お子さんが15歳未満なら、お住まいの市区町村の窓口で、法定代理人（親権者など）が再設定の手続きをします。</source>
      <translation>For a child under 15, the legal representative (a parent or guardian) applies for the reset at the municipal office where the child lives. </translation>
    </message>
    <message>
      <source>窓口の持ち物: お子さんのマイナンバーカードと、法定代理人の本人確認書類（親子関係を確かめる書類（戸籍謄本など）を求める市区町村もあります）。</source>
      <translation>Bring: the child's My Number Card and the legal representative's proof of identity (some municipalities also ask for a document showing the parent-child relation, such as a family register certificate). </translation>
    </message>
    <message>
      <source>お子さんが15歳以上なら、本人が窓口で手続きします。</source>
      <translation>A child of 15 or over applies at the municipal office in person.</translation>
    </message>
</context>
</TS>
